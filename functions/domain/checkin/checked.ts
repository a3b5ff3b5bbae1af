import type { Context } from "../context";
import { notInProgram } from "../errors";
import * as lifecycle from "../subscriber/lifecycle";
import { holderInProgram } from "../links/links";
import { holdsMovement } from "../program/order";
import type { InProgram } from "../subscriber/subscriber";
import type { VerifiedLink } from "../links/tokens";

/**
 * "A doctor has checked me": the one-tap answer to the urgent advice in the emails. It brings
 * back the movement weeks an urgent warning sign held (see program-order). The link is signed
 * and bound to the subscriber's round and link epoch, so nobody can tell us this for someone else.
 */
export const openChecked = (ctx: Context, link: VerifiedLink<"checked">): Promise<InProgram> => holderInProgram(ctx, link);

/** Records it once; pressing the button again keeps the first time. The next email follows it. */
export async function recordChecked(ctx: Context, link: VerifiedLink<"checked">, now: Date): Promise<InProgram> {
  const subscriber = await openChecked(ctx, link);
  if (!holdsMovement(subscriber)) return subscriber;
  const saved = await ctx.store.update(subscriber.pk, ...lifecycle.recordChecked(now));
  if (!saved) throw notInProgram();
  return saved;
}
