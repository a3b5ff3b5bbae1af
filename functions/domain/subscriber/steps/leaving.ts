import type { Suppressed, Unsubscribed } from "../subscriber";
import type { Status, SuppressedStatus } from "../states";
import { canTake, schedule, transitions, type Step } from "../transitions";

/** Leaves at once: nothing more is scheduled; the data goes at `expiresAt`. A send in flight keeps its claim. */
export function unsubscribe(expiresAt: number, now: Date): Step<Unsubscribed> {
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
 * and no signup waits beside it; its data goes at `expiresAt` (none for a suppression record,
 * which holds no data).
 */
export function suppress(current: Status, { status, at, reason }: Suppression, expiresAt: number | undefined, now: Date): Step<Suppressed> {
  return [
    // a signup waiting for confirmation is dropped too: its answers were never the owner's, and it can't be confirmed now
    { set: { status, statusAt: at, statusReason: reason, updatedAt: now.toISOString(), expiresAt }, remove: [...schedule, "pendingSignups", "pendingSignup"] },
    { status: [current] },
  ];
}

/**
 * What is kept of a suppressed address once its data is gone (deleted, or never held): the
 * one-way id and why it must not be mailed. No address, no answers.
 */
export function suppressionRecord(pk: string, status: SuppressedStatus, statusAt: string, statusReason: string | undefined, now: string): Suppressed {
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
