import type { Status } from "../lifecycle/states";
import type { Answer, Flag } from "./self-check";

/**
 * One item per subscriber, keyed by `pk` (a keyed hash of the address). Which fields exist in
 * which status, and every way they change: `lifecycle/`.
 */
export interface Subscriber {
  pk: string;
  email: string;
  status: Status;
  answers: Answer[];
  flags: Flag[];
  tz: string;
  consentAt: string;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
  /** the signup round this item's answers came from: the nonce its confirmation link carried */
  signupNonce?: string;
  /**
   * A later signup of this address, waiting for the owner to confirm it by the link that was
   * mailed with `nonce`. Nothing else on the item changes until then; it is not their data yet.
   */
  pendingSignup?: PendingSignup;
  /** epoch ms of the last confirmation email (rate limit) */
  confirmSentAt?: number;
  /** epoch ms of the last "you're already subscribed" notice (rate limit) */
  noticeSentAt?: number;
  /** program template ids, personalised at confirmation */
  program?: string[];
  /** the next program week to send, 1-based */
  week?: number;
  /** epoch ms the next week is due; present only while scheduled (the sparse due index) */
  dueAt?: number;
  /** a sender pass's claim: which pass, which week, until when (epoch ms) */
  leaseId?: string;
  leaseWeek?: number;
  leaseUntil?: number;
  sent?: SentEmail[];
  /** failed sends of the current week in a row (not throttling); cleared when one goes out */
  sendFailures?: number;
  /** when they told us (through the link in an email) that a doctor has checked their urgent warning sign */
  checkedAt?: string;
  /** weekly check-ins, keyed by program week ("1", "2"…); created empty at confirmation */
  checkins?: Record<string, Checkin>;
  statusAt?: string;
  statusReason?: string;
  /** epoch ms a pause ends; the next week is due at the first send hour after it */
  pausedUntil?: number;
  /** random; every link carries it, and a new one (each confirmation, "sign out all links") revokes the old links */
  linkEpoch?: string;
  /** epoch ms of the last emailed download link (rate limit) */
  dataLinkSentAt?: number;
  /** epoch seconds after which the item is deleted (DynamoDB TTL; the local sweep): see `retention.ts` */
  expiresAt?: number;
}

/** Which round of the program this is (epoch ms of its confirmation): a re-signup starts a new one. */
export function roundOf(subscriber: Pick<Subscriber, "confirmedAt">): number | undefined {
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
}

/** How the subscriber's back was in one program week, 0 (no pain) to 10 (worst imaginable). */
export interface Checkin {
  score: number;
  /** "what helped this week?": shown only to the subscriber, included in their export */
  note?: string;
  at: string;
}

export interface SentEmail {
  week: number;
  template: string;
  at: string;
  messageId: string;
}
