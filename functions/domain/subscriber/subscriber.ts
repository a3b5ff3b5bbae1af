import type { InProgramStatus, Status } from "./states";
import type { Answer, Flag } from "./self-check";
import type { EndAnswers, FollowUpAnswers, Measures } from "../outcomes/measures";

/**
 * One item per subscriber, keyed by `pk` (a keyed hash of the address): one type per status,
 * so the compiler knows which fields each keeps (`states.ts` says why). The fields every item
 * has come first; each status adds its own. Every way an item changes: `lifecycle.ts`.
 */
interface Common {
  pk: string;
  email: string;
  answers: Answer[];
  flags: Flag[];
  tz: string;
  consentAt: string;
  createdAt: string;
  updatedAt: string;
  statusAt?: string;
  statusReason?: string;
  /** the signup round this item's answers came from: the nonce its confirmation link carried */
  signupNonce?: string;
  /** epoch ms of the last confirmation email (rate limit) */
  confirmSentAt?: number;
  /** epoch ms of the last "you're already subscribed" notice (rate limit) */
  noticeSentAt?: number;
  /** when the current round was confirmed; absent for someone who never confirmed */
  confirmedAt?: string;
  /** program template ids, personalised at confirmation */
  program?: string[];
  /** the next program week to send, 1-based */
  week?: number;
  sent?: SentEmail[];
  /**
   * When they told us (through the link in an email) that a doctor has checked their urgent
   * warning sign and they may do more: the movement weeks come back. At most one of this and
   * `restAdvisedAt`; neither without an urgent sign (`doctorCheckOf` in program/order.ts).
   */
  checkedAt?: string;
  /** when they told us a doctor has checked them and asked them not to exercise for now: the movement weeks stay held */
  restAdvisedAt?: string;
  /** the outcome measures answered at signup (all optional), for this round */
  baseline?: Measures;
  /** the same measures, and how they are overall, after the last email (`outcomes/end.ts`) */
  atEnd?: EndAnswers;
  /** the same again, from the one follow-up they asked for (`outcomes/follow-up.ts`) */
  atFollowUp?: FollowUpAnswers;
  /** weekly check-ins, keyed by program week ("1", "2"…); created empty at confirmation */
  checkins?: Record<string, Checkin>;
  /** random; every link carries it, and a new one (each confirmation, "sign out all links") revokes the old links */
  linkEpoch?: string;
  /**
   * the link epoch the latest program email's links carried ("none" when they carried none):
   * that email's unsubscribe link keeps working after "sign out all links", until a newer email
   */
  mailedEpoch?: string;
  /** epoch ms of the last emailed download link (rate limit) */
  dataLinkSentAt?: number;
  /**
   * A sender's claim: which send, which week, until when (epoch ms). The one thing whose life is
   * a send's, not a status's: a pause, unsubscribe or bounce during the send leaves it for the
   * commit to drop.
   */
  leaseId?: string;
  leaseWeek?: number;
  leaseUntil?: number;
}

/** Epoch seconds after which the item is deleted (DynamoDB TTL; the local sweep): see `program/retention.ts`. */
type Expiring = { expiresAt: number };

/**
 * Later signups of this address, waiting for the owner to confirm one, each under its own nonce
 * (`steps/signup.ts`): they are not the owner's data yet. `pendingSignup` is the single one a
 * version before kept: read, folded into `pendingSignups` by the next signup, never written.
 */
type TakesSignup = { pendingSignups?: Record<string, PendingSignup>; pendingSignup?: PendingSignup };

/** In the program: a week is scheduled (`dueAt`, the sparse due index), with the round it belongs to. */
interface Scheduled {
  confirmedAt: string;
  program: string[];
  week: number;
  /** epoch ms the next week is due */
  dueAt: number;
  /** failed sends of the current week in a row (not throttling); cleared when one goes out */
  sendFailures?: number;
}

export type Pending = Common & Expiring & TakesSignup & { status: "pending" };
export type Active = Common & Scheduled & { status: "active" };
/** `pausedUntil`: epoch ms a pause ends; the next week is due at the first send hour after it */
export type Paused = Common & Scheduled & { status: "paused"; pausedUntil: number };
export type Completed = Common & Expiring & TakesSignup & { status: "completed" };
/** Completed, and the one follow-up they asked for is due at `dueAt` (its data is kept until it has gone out). */
export type FollowUp = Common & Scheduled & TakesSignup & { status: "followUp" };
export type Unsubscribed = Common & Expiring & TakesSignup & { status: "unsubscribed" };
/** a suppression record (the data deleted, only the one-way id kept) never expires */
export type Bounced = Common & Partial<Expiring> & { status: "bounced" };
export type Complained = Common & Partial<Expiring> & { status: "complained" };
export type Suppressed = Bounced | Complained;

export type Subscriber = Pending | Active | Paused | Completed | FollowUp | Unsubscribed | Suppressed;

/** The subscribers in one of these statuses. */
export type SubscriberIn<S extends Status> = Extract<Subscriber, { status: S }>;
export type InProgram = SubscriberIn<InProgramStatus>;

/** Whether the subscriber is in one of these statuses, narrowing their type to match. */
export function isIn<S extends Status>(group: readonly S[], s: Subscriber | undefined): s is SubscriberIn<S> {
  return s !== undefined && (group as readonly Status[]).includes(s.status);
}

/**
 * Every field an item may hold, in whichever status: the table's view of it, for the adapters
 * and the operator's scans, which read items without knowing their status first.
 */
export type SubscriberRecord = Common &
  Partial<Expiring & TakesSignup & Scheduled & { pausedUntil: number }> & { status: Status };

/** Which round of the program this is (epoch ms of its confirmation): a re-signup starts a new one. */
export function roundOf(subscriber: Pick<Common, "confirmedAt">): number | undefined {
  return subscriber.confirmedAt ? Date.parse(subscriber.confirmedAt) : undefined;
}

/** What a signup asks to store, held apart until the owner of the address confirms it. */
export interface PendingSignup {
  answers: Answer[];
  flags: Flag[];
  tz: string;
  consentAt: string;
  nonce: string;
  at: string;
  /** the outcome measures they answered on the form, if any */
  baseline?: Measures;
}

/** How the subscriber's back was in one program week, 0 (no pain) to 10 (worst imaginable). */
export interface Checkin {
  score: number;
  /** "what helped this week?": shown back to the subscriber (last email, download); the operator's export prints it too */
  note?: string;
  at: string;
  /** warning signs first reported with this check-in (they joined the subscriber's `flags` then) */
  flags?: Flag[];
}

export interface SentEmail {
  week: number;
  template: string;
  at: string;
  messageId: string;
}
