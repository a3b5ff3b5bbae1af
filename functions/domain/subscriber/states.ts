/**
 * The subscriber's lifecycle, part 1: the statuses, which of them belong together, and which
 * fields an item keeps in each. This module (with `transitions.ts` beside it) is the only place
 * that names a status; everything else asks it (`isInProgram`, `isSuppressed`…).
 */

export const statuses = ["pending", "active", "paused", "completed", "followUp", "unsubscribed", "bounced", "complained"] as const;
export type Status = (typeof statuses)[number];

/** Addresses that must never be mailed again, whatever anyone types into the form. */
export const suppressedStatuses = ["bounced", "complained"] as const satisfies readonly Status[];
export type SuppressedStatus = (typeof suppressedStatuses)[number];

/** Which status each kind of SES event leaves an address in. */
export const suppressedBy = { Bounce: "bounced", Complaint: "complained" } as const satisfies Record<string, SuppressedStatus>;

/** Being sent the program: scheduled in the due index (`dueAt`), a weekly email coming. */
export const inProgramStatuses = ["active", "paused"] as const satisfies readonly Status[];
export type InProgramStatus = (typeof inProgramStatuses)[number];
/** Got the last email of the program: done with it, or waiting for the one follow-up they asked for. */
export const finishedStatuses = ["completed", "followUp"] as const satisfies readonly Status[];
/** Scheduled in the due index (`dueAt`): a weekly email, or the one follow-up, is coming. */
export const scheduledStatuses = [...inProgramStatuses, "followUp"] as const satisfies readonly Status[];
export type ScheduledStatus = (typeof scheduledStatuses)[number];
/** Left the program before its end (by the link, or because the address can't be mailed). */
export const leavingStatuses = ["unsubscribed", ...suppressedStatuses] as const satisfies readonly Status[];
export type LeavingStatus = (typeof leavingStatuses)[number];

/** A new signup of the address waits in `pendingSignups`, for its owner to confirm (then a new round starts). */
export const signupTakingStatuses = ["pending", "completed", "followUp", "unsubscribed"] as const satisfies readonly Status[];
export type SignupTakingStatus = (typeof signupTakingStatuses)[number];

/** What an item holds in one status, beyond what every item has. */
export interface StateRules {
  meaning: string;
  /** `expiresAt` is set: the item is deleted then (DynamoDB TTL, or the local sweep); a suppression record, which holds no data, never expires */
  expires: "never" | "7 days after signup" | "retention period after the last email";
  /** a new signup of the address waits in `pendingSignups`, for its owner to confirm */
  takesNewSignup: boolean;
  /** which links still work (beyond unsubscribe, which works while the item exists, from the latest email at least) */
  links: string;
}

/** The rules of each status; `takesNewSignup` must agree with `signupTakingStatuses` (the compiler checks). */
export const states: { [S in Status]: StateRules & { takesNewSignup: S extends SignupTakingStatus ? true : false } } = {
  pending: {
    meaning: "signed up, not yet confirmed: only the confirmation email may be sent",
    expires: "7 days after signup",
    takesNewSignup: true,
    links: "confirm (its own round only)",
  },
  active: {
    meaning: "in the program: the next week is due at `dueAt`",
    expires: "never",
    takesNewSignup: false,
    links: "pause, check-in, checked, your data",
  },
  paused: {
    meaning: "in the program, the next week held back until `pausedUntil` (then due at the send hour)",
    expires: "never",
    takesNewSignup: false,
    links: "resume, check-in, checked, your data",
  },
  completed: {
    meaning: "received the last week (and the follow-up, if they asked for one)",
    expires: "retention period after the last email",
    takesNewSignup: true,
    links: "check-in, end questions, follow-up questions once it was sent, your data",
  },
  followUp: {
    meaning: "received the last week and asked for one follow-up: it is due at `dueAt`, about three months after the last week",
    expires: "never",
    takesNewSignup: true,
    links: "check-in, end questions, your data",
  },
  unsubscribed: {
    meaning: "left through an unsubscribe link",
    expires: "retention period after the last email",
    takesNewSignup: true,
    links: "check-in, end and follow-up questions (if that email came), your data",
  },
  bounced: {
    meaning: "a hard bounce: never mailed again (a permanent marker outlives the data)",
    expires: "retention period after the last email",
    takesNewSignup: false,
    links: "your data (delete keeps a one-way suppression record)",
  },
  complained: {
    meaning: "marked as spam: never mailed again (a permanent marker outlives the data)",
    expires: "retention period after the last email",
    takesNewSignup: false,
    links: "your data (delete keeps a one-way suppression record)",
  },
};

/**
 * Fields that exist only in some statuses, and the rule the transitions keep. The lease is the
 * one field whose life is a send's, not a status's: a pass claims an active subscriber, and a
 * pause, unsubscribe or bounce during the send leaves the claim for the commit to drop.
 */
export const conditionalFields = {
  dueAt: "only while scheduled (active, paused, followUp): the sparse due index holds exactly these",
  pausedUntil: "only while paused",
  "leaseId, leaseWeek, leaseUntil": "only while a send of `leaseWeek` is in flight; its commit or release drops them",
  sendFailures: "only while scheduled, after a failed send; the next email that goes out clears it",
  expiresAt: "only while pending, or once finished or suppressed (see `expires`)",
  "pendingSignups, pendingSignup": "only in a status that takes a new signup (pending, completed, followUp, unsubscribed): up to 5 later signups, each under its own nonce for 7 days (`pendingSignup`: the one a version before kept)",
  "checkedAt, restAdvisedAt": "at most one of them, and only while an urgent warning sign is among the `flags`; a new round, or an urgent sign first reported at a check-in, clears them",
} as const;

const among = <S extends Status>(group: readonly S[], status: Status | undefined): status is S =>
  status !== undefined && (group as readonly Status[]).includes(status);

export const isInProgram = (status: Status | undefined) => among(inProgramStatuses, status);
/** In the due index: something (a weekly email, or the follow-up) is scheduled. */
export const isScheduled = (status: Status | undefined) => among(scheduledStatuses, status);
export const isSuppressed = (status: Status | undefined): status is SuppressedStatus => among(suppressedStatuses, status);
export const isPaused = (status: Status | undefined) => status === "paused";
export const isPending = (status: Status | undefined) => status === "pending";
/** Got the last email of the program (whether or not a follow-up is still to come). */
export const hasCompleted = (status: Status | undefined) => among(finishedStatuses, status);
export const awaitsFollowUp = (status: Status | undefined) => status === "followUp";

/** What each suppression may overwrite: a complaint outranks a bounce, never the other way round. */
export const outranks: Record<SuppressedStatus, readonly SuppressedStatus[]> = { bounced: [], complained: ["bounced"] };

/** Each status by its name, for code that must build an item in one (demo data, email previews). */
export const status = Object.fromEntries(statuses.map((s) => [s, s])) as { readonly [S in Status]: S };
