import { LINK_LIFETIMES } from "../../links/links";
import type { Precondition } from "../../ports";
import { isIn, type Active, type Pending, type PendingSignup, type Subscriber, type SubscriberIn } from "../subscriber";
import { hasCompleted, isInProgram, isPending, type InProgramStatus } from "../states";
import { lease, transitions, type From, type Step } from "../transitions";

/** A signup of an address we hold nothing for: a pending item, expiring unless confirmed. */
export function signUp(pk: string, email: string, signup: PendingSignup, expiresAt: number, confirmSentAt: number): Pending {
  const { answers, flags, tz, consentAt, nonce, at, baseline } = signup;
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
    ...(baseline && { baseline }),
  };
}

/** The subscribers a new signup of their address may wait beside. */
type TakingSignup = SubscriberIn<From<"proposeSignup">>;

/** How long a signup waits for its owner: as long as the link mailed for it works. */
export const PENDING_SIGNUP_MS = LINK_LIFETIMES.confirm;
/** Signups that may wait beside one item at once, each for its own link; one more stores nothing. */
export const MAX_PENDING_SIGNUPS = 5;

/** The signups waiting beside an item whose links still work (`pendingSignup`: the one a version before kept). */
export function waitingSignups(s: Subscriber, now: number): Record<string, PendingSignup> {
  if (!isIn(transitions.proposeSignup.from, s)) return {};
  const all = [...Object.values(s.pendingSignups ?? {}), ...(s.pendingSignup ? [s.pendingSignup] : [])];
  return Object.fromEntries(all.filter((p) => Date.parse(p.at) > now - PENDING_SIGNUP_MS).map((p) => [p.nonce, p]));
}

/** Whether one more signup may wait beside this item, which takes signups. */
export const hasRoomForSignup = (s: TakingSignup, now: number) => Object.keys(waitingSignups(s, now)).length < MAX_PENDING_SIGNUPS;

/**
 * A later signup of an address whose item takes one: kept beside the item, under its own nonce,
 * until its owner confirms it. It never replaces or cancels another waiting signup (whoever
 * made that one): each keeps its own link, and confirming one drops the others. Signups whose
 * links have run out make room. The item's expiry stays as it was, so resubmitting can't keep an
 * unconfirmed signup past its 7 days. Holds only if no confirmation went out since `quietSince`
 * (which also keeps two signups from writing the waiting ones at once).
 */
export function proposeSignup(current: TakingSignup, signup: PendingSignup, sentAt: number, quietSince: number): Step<TakingSignup> {
  const waiting = { ...waitingSignups(current, sentAt), [signup.nonce]: signup };
  return [
    { set: { pendingSignups: waiting, confirmSentAt: sentAt }, remove: ["pendingSignup"] },
    { status: [current.status], olderThan: { field: "confirmSentAt", before: quietSince } },
  ];
}

/**
 * A confirmation email couldn't be sent: the person may try again at once, and a waiting signup
 * that was never mailed (`nonce`) doesn't take a place.
 */
export function confirmationFailed(current: TakingSignup, nonce: string): Step<TakingSignup> {
  const { [nonce]: _unmailed, ...others } = current.pendingSignups ?? {};
  const waiting = Object.keys(others).length ? { set: { pendingSignups: others } } : {};
  const dropped = current.pendingSignups && !Object.keys(others).length ? (["pendingSignups"] as const) : [];
  return [{ ...waiting, remove: ["confirmSentAt", ...dropped] }, { status: [current.status] }];
}

/** The "you're already signed up" notice is going out, unless one did since `quietSince`. */
export function sendNotice(sentAt: number, quietSince: number): Step<SubscriberIn<InProgramStatus>> {
  return [{ set: { noticeSentAt: sentAt } }, { status: transitions.sendNotice.from, olderThan: { field: "noticeSentAt", before: quietSince } }];
}

/** The notice couldn't be sent: the next signup may try again at once. */
export function noticeFailed(): Step<SubscriberIn<InProgramStatus>> {
  return [{ remove: ["noticeSentAt"] }, { status: transitions.noticeFailed.from }];
}

/** The signup a confirm link's nonce names on this item, if it may still start a round. */
export function signupConfirmedBy(s: Subscriber, nonce: string | undefined) {
  if (nonce !== undefined && isIn(transitions.proposeSignup.from, s)) {
    const waiting = s.pendingSignups && Object.hasOwn(s.pendingSignups, nonce) ? s.pendingSignups[nonce] : undefined;
    if (waiting) return { signup: waiting, when: { status: transitions.confirm.from, nonce: { field: "pendingSignups", has: nonce } } } as const;
    if (s.pendingSignup?.nonce === nonce) {
      return { signup: s.pendingSignup, when: { status: transitions.confirm.from, nonce: { field: "pendingSignup", equals: nonce } } } as const;
    }
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
  signup: Pick<PendingSignup, "answers" | "flags" | "tz" | "consentAt" | "baseline">;
  nonce: string | undefined;
  program: string[];
  at: Date;
  /** a fresh link epoch: every link of an earlier round stops working */
  linkEpoch: string;
}

/**
 * Confirms a signup round: its answers become the subscriber's and week 1 is due at once. A
 * new round of a finished or unsubscribed address starts clean: the earlier round's check-ins,
 * outcome answers, sent history and anything else of it go; the new signup's baseline (if it
 * gave one) is this round's.
 */
export function confirm(round: Round, when: Precondition): Step<Active> {
  const at = round.at.toISOString();
  const { answers, flags, tz, consentAt, baseline } = round.signup;
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
        baseline,
      },
      // what an earlier round was told about a doctor's check belongs to that round's warning signs, its outcome answers to that round
      remove: ["pendingSignups", "pendingSignup", "sent", "sendFailures", "statusReason", "pausedUntil", "noticeSentAt", "mailedEpoch", ...lease, "expiresAt", "checkedAt", "restAdvisedAt", "atEnd", "atFollowUp", ...(baseline ? [] : (["baseline"] as const))],
    },
    when,
  ];
}
