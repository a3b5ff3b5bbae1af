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

/** Records (or changes) one week's check-in, for a week that was sent. */
export function recordCheckin(week: number, checkin: Checkin): Step<SubscriberIn<From<"checkin">>> {
  return [{ set: { updatedAt: checkin.at }, checkin: { week, checkin } }, { status: transitions.checkin.from, pastWeek: week }];
}

/** "A doctor has checked me": the movement weeks an urgent warning sign held come back. */
export function recordChecked(now: Date): Step<SubscriberIn<InProgramStatus>> {
  const at = now.toISOString();
  return [{ set: { checkedAt: at, updatedAt: at } }, { status: transitions.checked.from }];
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
