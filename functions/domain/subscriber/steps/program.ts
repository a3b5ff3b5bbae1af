import type { Flag } from "../self-check";
import type { Active, Checkin, Paused, SubscriberIn } from "../subscriber";
import type { InProgramStatus, Status } from "../states";
import { transitions, type From, type Step } from "../transitions";

/** Holds the program until `until`; the next week is due at `dueAt` (the send hour after it). */
export function pause(until: number, dueAt: number, now: Date): Step<Paused> {
  const at = now.toISOString();
  return [{ set: { status: "paused", pausedUntil: until, dueAt, statusAt: at, updatedAt: at } }, { status: transitions.pause.from }];
}

/** Ends a pause early: the next week is due at `dueAt`. */
export function resume(dueAt: number, now: Date): Step<Active> {
  const at = now.toISOString();
  return [{ set: { status: "active", dueAt, statusAt: at, updatedAt: at }, remove: ["pausedUntil"] }, { status: transitions.resume.from }];
}

/**
 * Records (or changes) one week's check-in, for a week that was sent. Warning signs reported
 * with it for the first time join `flags` (`allFlags`: the old ones and these); a new urgent
 * one needs a doctor's check of its own, so what they told us of an earlier check goes.
 */
export function recordCheckin(
  week: number,
  checkin: Checkin,
  reported?: { allFlags: Flag[]; urgent: boolean },
): Step<SubscriberIn<From<"checkin">>> {
  return [
    {
      set: { updatedAt: checkin.at, ...(reported && { flags: reported.allFlags }) },
      checkin: { week, checkin },
      ...(reported?.urgent && { remove: doctorCheck }),
    },
    { status: transitions.checkin.from, pastWeek: week },
  ];
}

/** What they told us about a doctor's check of their urgent sign: at most one of these is set. */
export const doctorCheck = ["checkedAt", "restAdvisedAt"] as const;

/** "A doctor has checked me, and I may do more": the movement weeks an urgent warning sign held come back. */
export function recordChecked(now: Date): Step<SubscriberIn<InProgramStatus>> {
  const at = now.toISOString();
  return [{ set: { checkedAt: at, updatedAt: at }, remove: ["restAdvisedAt"] }, { status: transitions.checked.from }];
}

/** "A doctor has checked me and asked me not to exercise for now": the movement weeks stay held. */
export function recordRestAdvised(now: Date): Step<SubscriberIn<InProgramStatus>> {
  const at = now.toISOString();
  return [{ set: { restAdvisedAt: at, updatedAt: at }, remove: ["checkedAt"] }, { status: transitions.restAdvised.from }];
}

/** Undoes either answer (pressed by mistake, or not checked after all): the movement weeks are held again. */
export function undoChecked(now: Date): Step<SubscriberIn<InProgramStatus>> {
  return [{ set: { updatedAt: now.toISOString() }, remove: doctorCheck }, { status: transitions.uncheck.from }];
}

/** "Sign out all links": a new link epoch, in whatever status the item is. */
export function renewLinks(current: Status, linkEpoch: string, now: Date): Step {
  return [{ set: { linkEpoch, updatedAt: now.toISOString() } }, { status: [current] }];
}

/** A download link is going out, unless one did since `quietSince`. */
export function sendDataLink(current: Status, sentAt: number, quietSince: number): Step {
  return [{ set: { dataLinkSentAt: sentAt } }, { status: [current], olderThan: { field: "dataLinkSentAt", before: quietSince } }];
}

/** The download link couldn't be sent: the person may ask again at once. */
export function dataLinkFailed(current: Status): Step {
  return [{ remove: ["dataLinkSentAt"] }, { status: [current] }];
}
