import type { Answer, Flag } from "./self-check";

export type Status =
  | "pending" // signed up, not yet confirmed: only the confirmation email may be sent
  | "active" // in the program
  | "paused" // in the program, next email held back until `pausedUntil`
  | "completed" // received the last week
  | "unsubscribed"
  | "bounced" // hard bounce reported by SES: never mailed again
  | "complained"; // marked as spam: never mailed again

/** One item per subscriber, keyed by `pk` (a keyed hash of the address). */
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
  /** epoch ms of the last confirmation email (rate limit) */
  confirmSentAt?: number;
  /** epoch ms of the last "you're already subscribed" notice (rate limit) */
  noticeSentAt?: number;
  /** program template ids, personalised at confirmation */
  program?: string[];
  /** the next program week to send, 1-based */
  week?: number;
  /** epoch ms the next week is due; present only while scheduled (sparse index) */
  dueAt?: number;
  dueShard?: string;
  /** a sender pass's claim: which pass, which week, until when (epoch ms) */
  leaseId?: string;
  leaseWeek?: number;
  leaseUntil?: number;
  sent?: SentEmail[];
  statusAt?: string;
  statusReason?: string;
}

export interface SentEmail {
  week: number;
  template: string;
  at: string;
  messageId: string;
}

/** Addresses that must never be mailed again, whatever anyone types into the form. */
export const suppressedStatuses: readonly Status[] = ["bounced", "complained"];

/** States from which a new signup starts over (through a new confirmation). */
export const restartableStatuses: readonly Status[] = ["unsubscribed", "completed"];
