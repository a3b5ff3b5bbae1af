import type { Context } from "./context";
import { programFinished, VisibleError } from "./errors";
import { holderOf } from "./links";
import { holdsMovement } from "./program-order";
import type { Subscriber } from "./subscriber";

/**
 * "A doctor has checked me": the one-tap answer to the urgent advice in the emails. It brings
 * back the movement weeks an urgent warning sign held (see program-order). The link is signed
 * and bound to the subscriber's round and link epoch, so nobody can tell us this for someone else.
 */
const gone = () =>
  new VisibleError(404, "not_in_program", "We couldn't find a program for this link. You may have left or deleted your data.");

/** The subscriber a "checked" link belongs to, while their program is running. */
export async function openChecked(ctx: Context, token: unknown, now: Date): Promise<Subscriber> {
  const { subscriber } = await holderOf(ctx, token, "checked", now);
  if (subscriber?.status === "completed") throw programFinished();
  if (!subscriber || (subscriber.status !== "active" && subscriber.status !== "paused")) throw gone();
  return subscriber;
}

/** Records it once; pressing the button again keeps the first time. The next email follows it. */
export async function recordChecked(ctx: Context, token: unknown, now: Date): Promise<Subscriber> {
  const subscriber = await openChecked(ctx, token, now);
  if (!holdsMovement(subscriber)) return subscriber;
  const at = now.toISOString();
  const saved = await ctx.store.update(subscriber.pk, { set: { checkedAt: at, updatedAt: at } }, { status: ["active", "paused"] });
  if (!saved) throw gone();
  return saved;
}
