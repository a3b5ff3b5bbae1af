import { notInProgram, programFinished, DomainError } from "../errors";
import { hasCompleted, inProgramStatuses } from "../subscriber/states";
import type { StorageContext } from "../context";
import { isIn, roundOf, type InProgram, type Subscriber } from "../subscriber/subscriber";
import { signToken, type LinkKeys, type Purpose, type TokenClaims, type VerifiedLink } from "./tokens";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * How long each link works, once made (README, "Links"). Unsubscribe has no expiry: it lasts as
 * long as its round and link epoch (`holderOf`), because leaving must work from an email read
 * years later. Everything else that reads or changes data runs out.
 */
export const LINK_LIFETIMES = {
  /** the signup it was mailed for lasts 7 days too */
  confirm: 7 * DAY_MS,
  /** pause and resume, "a doctor has checked me", a week's check-in: long enough to pause 4 weeks from one email and resume from it */
  program: 42 * DAY_MS,
  /** delete, from a weekly email (the download page's runs out with the download link) */
  delete: 42 * DAY_MS,
  /** the "your data" page: it only emails a fresh download link to the address, or signs links out */
  data: 365 * DAY_MS,
  /** the download: sent fresh to the address on request, it reads personal data */
  export: 24 * HOUR_MS,
  /** the questions after the last email (and the follow-up's opt-in), and at the follow-up: about as long as the wait for it */
  outcomes: 91 * DAY_MS,
} as const;
export const EXPORT_LINK_HOURS = LINK_LIFETIMES.export / HOUR_MS;

/** What `mailedEpoch` records for an email whose links carried no epoch (an item from before epochs). */
export const NO_EPOCH = "none";

/** What ties a link to one subscriber's current links: their id, round and link epoch. */
export type LinkSubject = Pick<Subscriber, "pk" | "confirmedAt" | "linkEpoch">;

/**
 * Absolute, signed links for one subscriber. No address ever appears in a URL. Every link but
 * the confirmation carries the subscriber's round and link epoch, so a new round, a deleted
 * record or "sign out all links" leaves every earlier link without effect.
 */
export function linksFor(keys: LinkKeys, baseUrl: string, subject: LinkSubject, now: Date) {
  const bound: TokenClaims = { s: subject.pk, r: roundOf(subject), e: subject.linkEpoch };
  const link = (path: string, purpose: Purpose, claims: TokenClaims, expires?: Date) =>
    `${baseUrl}${path}?token=${signToken(keys.current, purpose, claims, expires)}`;
  const lasting = (lifetime: keyof typeof LINK_LIFETIMES) => new Date(now.getTime() + LINK_LIFETIMES[lifetime]);
  return {
    /** `nonce` binds the link to the one signup round it was mailed for */
    confirm: (nonce?: string) => link("/confirm", "confirm", { s: subject.pk, n: nonce }, lasting("confirm")),
    /** never expires: an unsubscribe link must work in an email read years later, for as long as its round and epoch last */
    unsubscribe: () => link("/unsubscribe", "unsubscribe", bound),
    pause: () => link("/pause", "pause", bound, lasting("program")),
    /** the "your data" page: it emails a download link, and signs out all links; it shows no data */
    data: () => link("/my-data", "data", bound, lasting("data")),
    /** reads personal data: only ever emailed to the address, on request */
    export: () => link("/export", "export", bound, lasting("export")),
    /** `until`: no later than this (a page offers nothing that outlives it) */
    delete: (until?: Date) => {
      const expires = lasting("delete");
      return link("/delete", "delete", bound, until && until < expires ? until : expires);
    },
    /** "a doctor has checked my urgent warning sign" */
    checked: () => link("/checked", "checked", bound, lasting("program")),
    /** without a score: the check-in page itself (the plain-text part links there once) */
    checkin: (week: number, score?: number) => link("/checkin", "checkin", { ...bound, w: week, v: score }, lasting("program")),
    /** the questions after the last email, and the follow-up's opt-in */
    end: () => link("/end", "end", bound, lasting("outcomes")),
    /** the questions of the one follow-up */
    followUp: () => link("/follow-up", "followUp", bound, lasting("outcomes")),
  };
}

export type Links = ReturnType<typeof linksFor>;

const revoked = () =>
  new DomainError("gone",
    "link_revoked",
    "This link no longer works: newer links have replaced it. Please use the links in the most recent email from us.",
  );

/**
 * Whether a link is still one of the subscriber's: made in their current round, with their
 * current link epoch. Unsubscribing always stays possible from the latest email: an unsubscribe
 * link also works with the epoch that email's links carried (`mailedEpoch`), after "sign out all
 * links", until a newer email carries the new one. An unsubscribe link from before links named
 * their round works only in the round it was mailed in (an item with no link epoch yet), and
 * only until the first email sent since.
 */
function isCurrent(link: VerifiedLink, s: Subscriber): boolean {
  const { claims } = link;
  const leaving = link.purpose === "unsubscribe";
  if (link.legacy) return leaving && s.confirmedAt !== undefined && s.linkEpoch === undefined && s.mailedEpoch === undefined;
  if (claims.r !== roundOf(s)) return false;
  return claims.e === s.linkEpoch || (leaving && (claims.e ?? NO_EPOCH) === s.mailedEpoch);
}

/**
 * Finds the subscriber a verified link belongs to: undefined when we hold nothing for them any
 * more. A link from an earlier round, or made before the subscriber's links were last revoked,
 * is refused (`isCurrent`).
 */
export async function holderOf(
  ctx: StorageContext,
  link: VerifiedLink<Exclude<Purpose, "confirm">>,
): Promise<{ claims: TokenClaims; subscriber?: Subscriber }> {
  const { claims } = link;
  const subscriber = await ctx.store.get(claims.s);
  if (!subscriber?.email) return { claims };
  if (!isCurrent(link, subscriber)) throw revoked();
  return { claims, subscriber };
}

/**
 * The subscriber a link belongs to while their program runs (active or paused), for the links
 * that change it (pause, "a doctor has checked me"). Once it has finished, a friendly 410.
 */
export async function holderInProgram(ctx: StorageContext, link: VerifiedLink<"pause" | "checked">): Promise<InProgram> {
  const { subscriber } = await holderOf(ctx, link);
  if (hasCompleted(subscriber?.status)) throw programFinished();
  if (!isIn(inProgramStatuses, subscriber)) throw notInProgram();
  return subscriber;
}
