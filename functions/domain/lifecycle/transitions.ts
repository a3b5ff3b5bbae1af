import type { Change, Precondition } from "../ports";
import type { Checkin, PendingSignup, SentEmail, Subscriber } from "../subscriber/subscriber";
import {
  hasCompleted,
  inProgramStatuses,
  isInProgram,
  isPending,
  isSuppressed,
  outranks,
  states,
  statuses,
  takesNewSignup,
  type Status,
  type SuppressedStatus,
} from "./states";

/**
 * The subscriber's lifecycle, part 2: every way an item changes, as a named function from what
 * the use case knows to the one conditional write it needs (`Step`: the change, and what must
 * still hold). Pure: the use cases read, compute times and send email; they write only through
 * these, as `store.update(id, ...step)`. Which statuses each step starts from is `from` below,
 * the one table the README's state machine shows, and what each step's precondition asks.
 */
export type Step = readonly [change: Change, when: Precondition];

const mailable = statuses.filter((s) => !isSuppressed(s));
const startable = statuses.filter(takesNewSignup);

/** The statuses each transition starts from; `to` is where it leaves the item. */
export const transitions = {
  signUp: { from: ["(no item)"], to: "pending" },
  proposeSignup: { from: startable, to: "(unchanged: a pending signup beside the item)" },
  confirmationFailed: { from: startable, to: "(unchanged: may be mailed again at once)" },
  confirm: { from: startable, to: "active" },
  sendNotice: { from: inProgramStatuses, to: "(unchanged)" },
  claim: { from: inProgramStatuses, to: "active, leased" },
  commit: { from: ["active"], to: "active, next week due" },
  complete: { from: inProgramStatuses, to: "completed" },
  recordSent: { from: statuses, to: "(unchanged: the email recorded, the claim dropped)" },
  release: { from: ["active"], to: "active, due again after a back-off" },
  dropClaim: { from: statuses, to: "(unchanged: the claim dropped)" },
  pause: { from: inProgramStatuses, to: "paused" },
  resume: { from: ["paused"], to: "active" },
  unsubscribe: { from: mailable.filter((s) => s !== "unsubscribed"), to: "unsubscribed" },
  bounce: { from: [...mailable, ...outranks.bounced], to: "bounced" },
  complain: { from: [...mailable, ...outranks.complained], to: "complained" },
  checkin: { from: ["active", "paused", "completed", "unsubscribed"], to: "(unchanged)" },
  checked: { from: inProgramStatuses, to: "(unchanged)" },
  renewLinks: { from: statuses, to: "(unchanged: a new link epoch)" },
  sendDataLink: { from: statuses, to: "(unchanged; nothing is mailed to a suppressed address)" },
  delete: { from: statuses, to: "(no item); bounced or complained: a suppression record" },
  expire: { from: statuses.filter((s) => states[s].expires !== "never"), to: "(no item)" },
} as const satisfies Record<string, { from: readonly string[]; to: string }>;

export type Transition = keyof typeof transitions;

/** Whether an item in this status may take this transition. */
export const canTake = (transition: Transition, current: Status) =>
  (transitions[transition].from as readonly string[]).includes(current);

/** The fields a send's claim adds; its commit or release takes them away again. */
const lease = ["leaseId", "leaseWeek", "leaseUntil"] as const;
/** Only a scheduled item is in the due index (`dueAt`); a paused one also knows until when. */
const schedule = ["dueAt", "pausedUntil"] as const;

/** A signup of an address we hold nothing for: a pending item, expiring unless confirmed. */
export function signUp(pk: string, email: string, signup: PendingSignup, expiresAt: number, confirmSentAt: number): Subscriber {
  const { answers, flags, tz, consentAt, nonce, at } = signup;
  return {
    pk,
    email,
    status: "pending",
    answers,
    flags,
    tz,
    consentAt,
    createdAt: at,
    updatedAt: at,
    statusAt: at,
    signupNonce: nonce,
    confirmSentAt,
    expiresAt,
  };
}

/**
 * A later signup of an address whose item takes one: kept beside the item until its owner
 * confirms it. The item's expiry stays as it was, so resubmitting can't keep an unconfirmed
 * signup past its 7 days. Holds only if no confirmation went out since `quietSince`.
 */
export function proposeSignup(current: Status, signup: PendingSignup, sentAt: number, quietSince: number): Step {
  return [
    { set: { pendingSignup: signup, confirmSentAt: sentAt } },
    { status: canTake("proposeSignup", current) ? [current] : [], olderThan: { field: "confirmSentAt", before: quietSince } },
  ];
}

/** A confirmation email couldn't be sent: the person may try again at once. */
export function confirmationFailed(): Step {
  return [{ remove: ["confirmSentAt"] }, { status: transitions.confirmationFailed.from }];
}

/** The "you're already signed up" notice is going out, unless one did since `quietSince`. */
export function sendNotice(sentAt: number, quietSince: number): Step {
  return [{ set: { noticeSentAt: sentAt } }, { status: transitions.sendNotice.from, olderThan: { field: "noticeSentAt", before: quietSince } }];
}

/** The signup a confirm link's nonce names on this item, if it may still start a round. */
export function signupConfirmedBy(s: Subscriber, nonce: string | undefined) {
  if (nonce !== undefined && s.pendingSignup?.nonce === nonce && takesNewSignup(s.status)) {
    return { signup: s.pendingSignup, when: { status: transitions.confirm.from, nonce: { field: "pendingSignup", equals: nonce } } } as const;
  }
  if (isPending(s.status) && s.signupNonce === nonce) {
    return { signup: s, when: { status: ["pending"], nonce: { field: "signupNonce", equals: nonce } } } as const;
  }
  return undefined;
}

/** True if this item's current round, in the program or done with it, was started by the confirm link with `nonce`. */
export const confirmedBy = (s: Subscriber, nonce: string | undefined) =>
  (isInProgram(s.status) || hasCompleted(s.status)) && s.signupNonce === nonce;

export interface Round {
  signup: Pick<PendingSignup, "answers" | "flags" | "tz" | "consentAt">;
  nonce: string | undefined;
  program: string[];
  at: Date;
  /** a fresh link epoch: every link of an earlier round stops working */
  linkEpoch: string;
}

/**
 * Confirms a signup round: its answers become the subscriber's and week 1 is due at once. A
 * new round of a finished or unsubscribed address starts clean: the earlier round's check-ins,
 * sent history and anything else of it go.
 */
export function confirm(round: Round, when: Precondition): Step {
  const at = round.at.toISOString();
  const { answers, flags, tz, consentAt } = round.signup;
  return [
    {
      set: {
        status: "active",
        answers,
        flags,
        tz,
        consentAt,
        signupNonce: round.nonce,
        confirmedAt: at,
        statusAt: at,
        updatedAt: at,
        program: round.program,
        week: 1,
        dueAt: round.at.getTime(),
        checkins: {},
        linkEpoch: round.linkEpoch,
      },
      remove: ["pendingSignup", "sent", "sendFailures", "statusReason", "pausedUntil", "noticeSentAt", ...lease, "expiresAt"],
    },
    when,
  ];
}

/**
 * A sender pass claims week `week` of a due subscriber until `until`: no other pass can, until
 * then. A paused subscriber is due when the pause ends: from then on, active again.
 */
export function claim(week: number, leaseId: string, now: number, until: number): Step {
  return [
    { set: { leaseId, leaseWeek: week, leaseUntil: until, status: "active" }, remove: ["pausedUntil"] },
    { status: transitions.claim.from, week, dueBy: now, unleasedAt: now },
  ];
}

/** The week that went out, still in the program: the next one is due at `nextDueAt`. */
export function commit(sent: SentEmail, program: string[], leaseId: string, nextDueAt: number): Step {
  return [
    {
      set: { week: sent.week + 1, program, updatedAt: sent.at, dueAt: nextDueAt },
      remove: [...lease, "sendFailures"],
      sentEmail: sent,
    },
    { leaseId, status: transitions.commit.from },
  ];
}

/** The last week went out: completed, its data kept until `expiresAt`. Paused meanwhile too: it was the last. */
export function complete(sent: SentEmail, program: string[], leaseId: string, expiresAt: number): Step {
  return [
    {
      set: { status: "completed", statusAt: sent.at, updatedAt: sent.at, week: sent.week + 1, program, expiresAt },
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
export function recordSent(sent: SentEmail, leaseId: string): Step {
  return [{ set: { week: sent.week + 1, updatedAt: sent.at }, remove: [...lease, "sendFailures"], sentEmail: sent }, { leaseId }];
}

/** A failed send gives the week back, due again at `retryAt`; `failures` in a row so far. */
export function release(leaseId: string, failures: number, retryAt: number): Step {
  return [{ set: { sendFailures: failures, dueAt: retryAt }, remove: lease }, { leaseId, status: transitions.release.from }];
}

/** A failed send of someone who paused or left meanwhile: only the claim goes. */
export function dropClaim(leaseId: string): Step {
  return [{ remove: lease }, { leaseId }];
}

/** Holds the program until `until`; the next week is due at `dueAt` (the send hour after it). */
export function pause(until: number, dueAt: number, now: Date): Step {
  const at = now.toISOString();
  return [{ set: { status: "paused", pausedUntil: until, dueAt, statusAt: at, updatedAt: at } }, { status: transitions.pause.from }];
}

/** Ends a pause early: the next week is due at `dueAt`. */
export function resume(dueAt: number, now: Date): Step {
  const at = now.toISOString();
  return [{ set: { status: "active", dueAt, statusAt: at, updatedAt: at }, remove: ["pausedUntil"] }, { status: transitions.resume.from }];
}

/** Leaves at once: nothing more is scheduled; the data goes at `expiresAt`. A send in flight keeps its claim. */
export function unsubscribe(expiresAt: number, now: Date): Step {
  const at = now.toISOString();
  return [
    { set: { status: "unsubscribed", statusAt: at, updatedAt: at, statusReason: "unsubscribe link", expiresAt }, remove: schedule },
    { status: transitions.unsubscribe.from },
  ];
}

/** What SES told us of an address: a hard bounce or a complaint. */
export interface Suppression {
  status: SuppressedStatus;
  /** when it happened, by SES's clock */
  at: string;
  /** why, in words that carry no address */
  reason: string;
}

/** Whether a suppression changes an item in this status (a complaint outranks a bounce, not the reverse). */
export const suppresses = (suppression: SuppressedStatus, current: Status) =>
  canTake(suppression === "bounced" ? "bounce" : "complain", current);

/**
 * Suppresses an item in status `current` for good: never mailed again, out of the due index
 * (a send in flight keeps its claim, so its commit records the email but schedules nothing),
 * and no signup waits beside it;
 * its data goes at `expiresAt` (none for a suppression record, which holds no data).
 */
export function suppress(current: Status, { status, at, reason }: Suppression, expiresAt: number | undefined, now: Date): Step {
  return [
    // a signup waiting for confirmation is dropped too: its answers were never the owner's, and it can't be confirmed now
    { set: { status, statusAt: at, statusReason: reason, updatedAt: now.toISOString(), expiresAt }, remove: [...schedule, "pendingSignup"] },
    { status: [current] },
  ];
}

/**
 * What is kept of a suppressed address once its data is gone (deleted, or never held): the
 * one-way id and why it must not be mailed. No address, no answers.
 */
export function suppressionRecord(pk: string, status: SuppressedStatus, statusAt: string, statusReason: string | undefined, now: string): Subscriber {
  return {
    pk,
    status,
    statusAt,
    statusReason,
    createdAt: now,
    updatedAt: now,
    email: "",
    answers: [],
    flags: [],
    tz: "UTC",
    consentAt: "",
  };
}

/** Records (or changes) one week's check-in, for a week that was sent. */
export function recordCheckin(week: number, checkin: Checkin): Step {
  return [{ set: { updatedAt: checkin.at }, checkin: { week, checkin } }, { status: transitions.checkin.from, pastWeek: week }];
}

/** "A doctor has checked me": the movement weeks an urgent warning sign held come back. */
export function recordChecked(now: Date): Step {
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
