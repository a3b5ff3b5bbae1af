import { log } from "../log";
import type { Mailer, SendQuota, SubscriberStore } from "../ports";
import type { Settings } from "../settings";
import { signupEmailsInLastDay } from "../signup/limits";

/** What planning a pass reads: the table (counts, the signup counters, the budget), the settings and the SES quota. */
export interface PlanningContext {
  store: SubscriberStore;
  settings: Settings;
  mailer: Pick<Mailer, "quota">;
}

/**
 * What may go out in one pass, before anything is claimed: how fast (the operator's cap and the
 * account's SES rate, whichever is lower) and how many (what is left of the program's share of
 * the SES 24-hour quota, signup emails left out: they have a budget of their own).
 */
export interface SendLimits {
  /** emails per second */
  rate: number;
  /** emails this pass may send; Infinity when the quota can't be read or is unlimited */
  allowance: number;
}

/** The SES quota, read once per pass. Without it the pass still runs, paced to the configured rate. */
async function readQuota(ctx: PlanningContext): Promise<SendQuota | undefined> {
  try {
    return await ctx.mailer.quota();
  } catch (error) {
    log("quota_unavailable", { error: (error as Error).name }, "error");
    return undefined;
  }
}

/** The limits of a pass at `now`; `maxRate` overrides the rate (a test's or a benchmark's). */
export async function sendLimits(ctx: PlanningContext, now: Date, maxRate?: number): Promise<SendLimits> {
  const quota = await readQuota(ctx);
  const rate = maxRate ?? Math.min(ctx.settings.maxSendRate, quota?.maxSendRate ?? Infinity);
  if (!quota || quota.max24HourSend < 0) return { rate, allowance: Number.POSITIVE_INFINITY };
  // the program's own sends in the last 24 hours: SES's count, less the signup emails counted apart
  const programSent = quota.sentLast24Hours - (await signupEmailsInLastDay(ctx.store, now));
  return { rate, allowance: Math.max(0, Math.floor(quota.max24HourSend * ctx.settings.quotaShare) - programSent) };
}

/**
 * How many of each shard's due entries a pass may send: all of them when the pass can send
 * them all, otherwise `capacity` split in proportion to what each shard holds (largest
 * remainders first), so every shard sends its earliest and none waits for the others.
 */
export function shares(counts: readonly number[], capacity: number): number[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total <= capacity) return [...counts];
  const exact = counts.map((n) => (capacity * n) / total);
  const result = exact.map(Math.floor);
  let left = Math.max(0, Math.floor(capacity) - result.reduce((sum, n) => sum + n, 0));
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left === 0) break;
    if (result[i]! < counts[i]!) {
      result[i]!++;
      left--;
    }
  }
  return result;
}

/** After a failed send: 15 minutes, then 30, 60… at most a day, so a stuck address isn't hammered. */
export function retryDelay(failures: number): number {
  return Math.min(15 * 60_000 * 2 ** (failures - 1), 86_400_000);
}
