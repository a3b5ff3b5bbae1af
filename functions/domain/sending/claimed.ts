import { followUpEmail } from "../../email/follow-up-email";
import { defaultOrder } from "../../email/week-order";
import { emailSettings } from "../brand";
import type { Context } from "../context";
import { linksFor } from "../links/links";
import { FOLLOW_UP } from "../outcomes/follow-up";
import type { DueEntry, OutgoingEmail } from "../ports";
import { programBeforeWeek } from "../program/order";
import { finishedExpiry } from "../program/retention";
import { nextWeeklySend } from "../program/schedule";
import * as lifecycle from "../subscriber/lifecycle";
import type { Delivered } from "../subscriber/steps/sending";
import type { Active, FollowUp, SentEmail } from "../subscriber/subscriber";
import { weeklyEmail } from "./weekly-email";

/** A due entry a sender has claimed: what goes out, and the write that records it went out. */
export interface Claimed {
  subscriber: Active | FollowUp;
  /** the template the `sent` history will name */
  template: string;
  email: () => OutgoingEmail;
  /** the write for a send that went out, while they are still where the claim found them */
  recorded: (delivered: Delivered) => lifecycle.Step;
}

/**
 * Claims a due entry for `leaseId`: a program week (active, or paused until now), else the one
 * follow-up. Each claim is one conditional write on the status it starts from, so a subscriber
 * who left, or is claimed by another pass, is claimed by neither.
 */
export async function claimEntry(ctx: Context, entry: DueEntry, leaseId: string, now: Date, baseUrl: string, leaseMs: number): Promise<Claimed | undefined> {
  const at = now.getTime();
  const links = (s: Active | FollowUp) => linksFor(ctx.linkKeys, baseUrl, s, now);
  const expiry = (sent: SentEmail) => finishedExpiry({ sent: [sent] }, ctx.settings.retentionMonths, now);

  const claimed = await ctx.store.update(entry.pk, ...lifecycle.claim(entry.week, leaseId, at, at + leaseMs));
  if (claimed) {
    // an urgent warning sign can change which week comes next
    const program = programBeforeWeek(defaultOrder, claimed, entry.week);
    const subscriber = { ...claimed, program };
    return {
      subscriber,
      template: program[entry.week - 1] ?? "",
      email: () => weeklyEmail(subscriber, entry.week, links(subscriber), ctx.settings, baseUrl),
      recorded: (delivered) =>
        entry.week >= program.length
          ? lifecycle.complete(delivered, program, leaseId, expiry(delivered.sent))
          : lifecycle.commit(delivered, program, leaseId, nextWeeklySend(now, subscriber.tz, ctx.settings.sendHour).getTime()),
    };
  }
  const following = await ctx.store.update(entry.pk, ...lifecycle.claimFollowUp(entry.week, leaseId, at, at + leaseMs));
  if (following) {
    return {
      subscriber: following,
      template: FOLLOW_UP,
      email: () => followUpEmail(following, links(following), emailSettings(ctx.settings, baseUrl)),
      // retention counts from the follow-up: the last email we send
      recorded: (delivered) => lifecycle.sendFollowUp(delivered, leaseId, expiry(delivered.sent)),
    };
  }
  return undefined;
}
