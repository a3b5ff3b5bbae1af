import type { Active, Completed, FollowUp, SentEmail } from "../subscriber";
import { lease, schedule, transitions, type Step } from "../transitions";

/**
 * A sender claims week `week` of a due subscriber until `until`: no other sender can, until
 * then. A paused subscriber is due when the pause ends: from then on, active again.
 */
export function claim(week: number, leaseId: string, now: number, until: number): Step<Active> {
  return [
    { set: { leaseId, leaseWeek: week, leaseUntil: until, status: "active" }, remove: ["pausedUntil"] },
    { status: transitions.claim.from, week, dueBy: now, unleasedAt: now },
  ];
}

/**
 * What went out: the email (`sent`) and the link epoch its links carried (`mailedEpoch`, so its
 * unsubscribe link keeps working until a newer email: `links.ts`).
 */
export interface Delivered {
  sent: SentEmail;
  mailedEpoch: string;
}

/** The week that went out, still in the program: the next one is due at `nextDueAt`. */
export function commit({ sent, mailedEpoch }: Delivered, program: string[], leaseId: string, nextDueAt: number): Step<Active> {
  return [
    {
      set: { week: sent.week + 1, program, updatedAt: sent.at, dueAt: nextDueAt, mailedEpoch },
      remove: [...lease, "sendFailures"],
      sentEmail: sent,
    },
    { leaseId, status: transitions.commit.from },
  ];
}

/** The last week went out: completed, its data kept until `expiresAt`. Paused meanwhile too: it was the last. */
export function complete({ sent, mailedEpoch }: Delivered, program: string[], leaseId: string, expiresAt: number): Step<Completed> {
  return [
    {
      set: { status: "completed", statusAt: sent.at, updatedAt: sent.at, week: sent.week + 1, program, expiresAt, mailedEpoch },
      remove: [...schedule, ...lease, "sendFailures"],
      sentEmail: sent,
    },
    { leaseId, status: transitions.complete.from },
  ];
}

/**
 * The week that went out, for someone who paused, left or was suppressed during the send: only
 * the record, so it is never sent again, and their schedule (a pause's end, or none) stands.
 */
export function recordSent({ sent, mailedEpoch }: Delivered, leaseId: string): Step {
  return [{ set: { week: sent.week + 1, updatedAt: sent.at, mailedEpoch }, remove: [...lease, "sendFailures"], sentEmail: sent }, { leaseId }];
}

/** A failed send gives the week (or the follow-up) back, due again at `retryAt`; `failures` in a row so far. */
export function release(leaseId: string, failures: number, retryAt: number): Step<Active | FollowUp> {
  return [{ set: { sendFailures: failures, dueAt: retryAt }, remove: lease }, { leaseId, status: transitions.release.from }];
}

/** A failed send of someone who paused or left meanwhile: only the claim goes. */
export function dropClaim(leaseId: string): Step {
  return [{ remove: lease }, { leaseId }];
}
