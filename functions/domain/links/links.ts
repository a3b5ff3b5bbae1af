import { notInProgram, programFinished, DomainError } from "../errors";
import { hasCompleted, inProgramStatuses } from "../subscriber/states";
import type { StorageContext } from "../context";
import { isIn, roundOf, type InProgram, type Subscriber } from "../subscriber/subscriber";
import { signToken, type LinkKeys, type Purpose, type TokenClaims, type VerifiedLink } from "./tokens";

const CONFIRM_LINK_DAYS = 7;
/** A download link is sent fresh to the address and reads personal data: it lives one day. */
export const EXPORT_LINK_HOURS = 24;
const HOUR_MS = 3_600_000;

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
  const inHours = (hours: number) => new Date(now.getTime() + hours * HOUR_MS);
  return {
    /** `nonce` binds the link to the one signup round it was mailed for */
    confirm: (nonce?: string) => link("/confirm", "confirm", { s: subject.pk, n: nonce }, inHours(CONFIRM_LINK_DAYS * 24)),
    /** never expires: an unsubscribe link must work in an email read years later, for as long as that round lasts */
    unsubscribe: () => link("/unsubscribe", "unsubscribe", bound),
    pause: () => link("/pause", "pause", bound),
    /** the "your data" page: it emails a download link, and signs out all links; it shows no data */
    data: () => link("/my-data", "data", bound),
    /** reads personal data: only ever emailed to the address, on request */
    export: () => link("/export", "export", bound, inHours(EXPORT_LINK_HOURS)),
    delete: () => link("/delete", "delete", bound),
    /** "a doctor has checked my urgent warning sign" */
    checked: () => link("/checked", "checked", bound),
    /** without a score: the check-in page itself (the plain-text part links there once) */
    checkin: (week: number, score?: number) => link("/checkin", "checkin", { ...bound, w: week, v: score }),
    /** the questions after the last email, and the follow-up's opt-in */
    end: () => link("/end", "end", bound),
    /** the questions of the one follow-up */
    followUp: () => link("/follow-up", "followUp", bound),
  };
}

export type Links = ReturnType<typeof linksFor>;

const revoked = () =>
  new DomainError("gone",
    "link_revoked",
    "This link no longer works: newer links have replaced it. Please use the links in the most recent email from us.",
  );

/**
 * Finds the subscriber a verified link belongs to: undefined when we hold nothing for them any
 * more. A link from an earlier round, or made before the subscriber's links were last revoked,
 * is refused. `anyEpoch` is for unsubscribe links alone: they outlive "sign out all links"
 * (within their round), because leaving must always work and it is all they can do.
 */
export async function holderOf(
  ctx: StorageContext,
  link: VerifiedLink<Exclude<Purpose, "confirm">>,
  { anyEpoch = false } = {},
): Promise<{ claims: TokenClaims; subscriber?: Subscriber }> {
  const { claims } = link;
  const subscriber = await ctx.store.get(claims.s);
  if (!subscriber?.email) return { claims };
  // an unsubscribe link from before links named their round (see `legacyUnsubscribe`) still stops the emails
  const round = claims.r === roundOf(subscriber) || (anyEpoch && claims.r === undefined);
  if (!round || (!anyEpoch && claims.e !== subscriber.linkEpoch)) throw revoked();
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
