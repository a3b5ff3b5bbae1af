import type { Context } from "../context";
import { holderOf } from "../links/links";
import * as lifecycle from "../subscriber/lifecycle";
import { finishedExpiry } from "../program/retention";
import type { Subscriber } from "../subscriber/subscriber";
import type { VerifiedLink } from "../links/tokens";

/**
 * The subscriber an unsubscribe link belongs to, if we still hold them. An unsubscribe link
 * works for its round and link epoch, and the latest email's keeps working after "sign out all
 * links" until a newer email brings the new one (`holderOf`): leaving must always work.
 */
export async function unsubscriber(ctx: Context, link: VerifiedLink<"unsubscribe">): Promise<Subscriber | undefined> {
  return (await holderOf(ctx, link)).subscriber;
}

/**
 * Leaves the program at once. Idempotent: unsubscribing twice, or after the data was
 * deleted, is still a success, because the one thing that matters is that no more email comes.
 * A send in flight keeps its claim, so its commit records the email but schedules nothing.
 * The data is kept for the retention period after the last email, then deleted.
 */
export async function unsubscribe(ctx: Context, link: VerifiedLink<"unsubscribe">, now: Date): Promise<Subscriber | undefined> {
  const subscriber = await unsubscriber(ctx, link);
  if (!subscriber) return undefined;
  const expiresAt = finishedExpiry(subscriber, ctx.settings.retentionMonths, now);
  const left = await ctx.store.update(subscriber.pk, ...lifecycle.unsubscribe(expiresAt, now));
  return left ?? subscriber;
}
