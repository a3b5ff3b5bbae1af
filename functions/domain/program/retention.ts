import { log } from "../log";
import type { StorageContext } from "../context";
import type { ScanCursor } from "../ports";
import type { Subscriber } from "../subscriber/subscriber";

/**
 * How long data is kept (storage limitation). A signup nobody confirms goes after 7 days; a
 * finished (completed or unsubscribed) subscriber, and one who bounced or complained, goes
 * `retentionMonths` after the last email.
 * The rule is one attribute, `expiresAt` (epoch seconds): DynamoDB's TTL deletes the item in
 * AWS, and `sweepExpired` applies the same rule where nothing does (the local stack). What keeps
 * a bounced or complained address suppressed for good is its marker (`markSuppressed`), which
 * has no expiry.
 */
export const PENDING_DAYS = 7;
const DAY_MS = 86_400_000;

const seconds = (epochMs: number) => Math.floor(epochMs / 1000);

/** When an unconfirmed signup made now expires. */
export function pendingExpiry(now: Date): number {
  return seconds(now.getTime() + PENDING_DAYS * DAY_MS);
}

/** When a finished subscriber's data expires: `months` after their last email (or after `now`, if none went out). */
export function finishedExpiry(subscriber: Pick<Subscriber, "sent">, months: number, now: Date): number {
  const last = subscriber.sent?.at(-1)?.at;
  const from = new Date(last ? Math.min(Date.parse(last), now.getTime()) : now.getTime());
  from.setUTCMonth(from.getUTCMonth() + months);
  return seconds(from.getTime());
}

/**
 * Deletes every item whose `expiresAt` has passed, reading the table page by page through the
 * store; the same rule as DynamoDB's TTL. Items without a `status` (the signup limits' counters,
 * the suppression markers) are not ours: the scan never shows them. For the local stack and operator
 * tools only: it reads the whole table. Returns how many items went.
 */
export async function sweepExpired(ctx: StorageContext, now: Date, pageSize = 500): Promise<number> {
  const nowSeconds = seconds(now.getTime());
  let deleted = 0;
  let cursor: ScanCursor | undefined;
  do {
    const page = await ctx.store.scan(["pk", "status", "expiresAt"], cursor, pageSize);
    for (const item of page.items) {
      if (!item.status) continue;
      if (item.expiresAt === undefined || item.expiresAt > nowSeconds) continue;
      if (await ctx.store.removeExpired(item.pk, nowSeconds)) deleted++;
    }
    cursor = page.next;
  } while (cursor);
  log("retention_sweep", { at: now.toISOString(), deleted });
  return deleted;
}
