import { systemEmail } from "../../email/system-emails";
import { normaliseEmail } from "../subscriber/address";
import { emailSettings } from "../brand";
import type { Context } from "../context";
import { DomainError } from "../errors";
import { holderOf, linksFor } from "../links/links";
import { log } from "../log";
import { answers as statements, flags as warningSigns } from "../subscriber/self-check";
import { isSuppressed } from "../subscriber/states";
import { IMPRESSION_QUESTION, impressions, measureItems } from "../../email/outcome-measures";
import type { FollowUpAnswers, Measures } from "../outcomes/measures";
import * as lifecycle from "../subscriber/lifecycle";
import type { Subscriber, SubscriberRecord } from "../subscriber/subscriber";
import { newLinkEpoch, subscriberIdFor, type VerifiedLink } from "../links/tokens";

/** A download link goes to one address at most this often, however often the button is pressed. */
export const DATA_LINK_EVERY_MS = 10 * 60_000;

const gone = () =>
  new DomainError("not_found", "no_data", "We hold no data for this link any more. If you deleted it, it's gone.");

/** The subscriber a data link belongs to; refused for someone whose data is already gone. */
export async function owner(ctx: Context, link: VerifiedLink<"data" | "export" | "delete">): Promise<Subscriber> {
  const { subscriber } = await holderOf(ctx, link);
  if (!subscriber) throw gone();
  return subscriber;
}

/**
 * Emails the subscriber a fresh download link (it works for a day), from the "your data" page.
 * Rate-limited per subscriber: pressing the button again within the window sends nothing, and
 * the page says the same either way.
 */
export async function emailDataLink(ctx: Context, link: VerifiedLink<"data">, baseUrl: string, now: Date): Promise<void> {
  const subscriber = await owner(ctx, link);
  const stamped = await ctx.store.update(
    subscriber.pk,
    ...lifecycle.sendDataLink(subscriber.status, now.getTime(), now.getTime() - DATA_LINK_EVERY_MS),
  );
  if (!stamped || isSuppressed(stamped.status)) return;
  const url = linksFor(ctx.linkKeys, baseUrl, stamped, now).export();
  try {
    await ctx.mailer.send(systemEmail("dataLink", stamped.email, url, emailSettings(ctx.settings, baseUrl)));
  } catch (error) {
    // let the person try again straight away instead of waiting out the rate limit
    await ctx.store.update(subscriber.pk, ...lifecycle.dataLinkFailed(stamped.status));
    log("data_link_failed", { error: (error as Error).name }, "error");
    throw new DomainError("unavailable", "send_failed", "We couldn't send the email just now. Please try again in a few minutes.");
  }
}

/**
 * "Sign out all links": a new link epoch, so every link made before (in emails, forwarded,
 * saved) stops working except unsubscribe. The next email carries fresh ones.
 */
export async function signOutLinks(ctx: Context, link: VerifiedLink<"data">, now: Date): Promise<void> {
  const subscriber = await owner(ctx, link);
  const renewed = await ctx.store.update(subscriber.pk, ...lifecycle.renewLinks(subscriber.status, newLinkEpoch(), now));
  if (!renewed) throw new DomainError("conflict", "changed", "Your data changed just now. Please try again.");
}

/** Everything stored about one subscriber, through the download link that was emailed to them. */
export async function exportData(ctx: Context, link: VerifiedLink<"export">, now: Date) {
  return dataOf(await owner(ctx, link), now);
}

/**
 * The same export for the operator, found by address (a subject-access request by email);
 * undefined when nothing is held for it.
 */
export async function exportByAddress(ctx: Context, address: string, now: Date) {
  const subscriber = await ctx.store.get(subscriberIdFor(ctx.key, normaliseEmail(address)));
  return subscriber?.email ? dataOf(subscriber, now) : undefined;
}

/** Everything stored about one subscriber, in plain words where it helps. Nothing of anyone else. */
function dataOf(subscriber: Subscriber, now: Date) {
  // every field the item holds, whatever its status
  const s: SubscriberRecord = subscriber;
  return {
    exportedAt: now.toISOString(),
    email: s.email,
    status: s.status,
    statusChangedAt: s.statusAt,
    statusReason: s.statusReason,
    timeZone: s.tz,
    selfCheck: statements.filter((a) => s.answers.includes(a.id)).map((a) => ({ id: a.id, statement: a.label })),
    // each check-in lists any sign first reported with it (`flags`)
    warningSigns: warningSigns.filter((f) => s.flags.includes(f.id)).map((f) => ({ id: f.id, sign: f.label })),
    checkedByDoctorAt: s.checkedAt,
    toldNotToExerciseAt: s.restAdvisedAt,
    consentGivenAt: s.consentAt,
    signedUpAt: s.createdAt,
    confirmedAt: s.confirmedAt,
    program: s.program,
    nextWeek: s.week,
    /** the next weekly email, or the follow-up they asked for */
    nextEmailDueAt: s.dueAt === undefined ? undefined : new Date(s.dueAt).toISOString(),
    pausedUntil: s.pausedUntil === undefined ? undefined : new Date(s.pausedUntil).toISOString(),
    emailsSent: s.sent ?? [],
    checkins: s.checkins ?? {},
    /** the outcome questions (0–10 each) and, after the program, how they are overall */
    outcomes: outcomesOf(s),
    /** when this record is deleted, unless something happens first (see README "Retention") */
    deletedAfter: s.expiresAt === undefined ? undefined : new Date(s.expiresAt * 1000).toISOString(),
  };
}

/** Each answer with the question it answered, so the download reads on its own. */
function outcomesOf(s: SubscriberRecord) {
  const scores = (m: Measures | undefined) =>
    m && {
      answeredAt: m.at,
      ...Object.fromEntries(measureItems.flatMap((item) => (m[item.id] === undefined ? [] : [[item.id, { question: item.question, answer: m[item.id] }]]))),
    };
  const change = (a: FollowUpAnswers | undefined) =>
    a?.change && { question: IMPRESSION_QUESTION, answer: impressions.find((i) => i.id === a.change)?.label };
  return {
    atSignup: scores(s.baseline),
    atEnd: s.atEnd && { ...scores(s.atEnd), overall: change(s.atEnd), askedForFollowUp: s.atEnd.followUp },
    atFollowUp: s.atFollowUp && { ...scores(s.atFollowUp), overall: change(s.atFollowUp) },
  };
}

export type DeleteOutcome = "deleted" | "suppression-kept";

/**
 * Deletes a subscriber's data, and with it every link made for them (no item, no epoch to
 * match; a later signup starts a new round). Someone whose address bounced or who reported spam keeps only
 * the suppression marker and a suppression record keyed by the one-way id (no address, no
 * answers), so that a later signup of that address can never mail it again.
 */
export async function deleteData(ctx: Context, link: VerifiedLink<"delete">, now: Date): Promise<DeleteOutcome> {
  const s = await owner(ctx, link);
  const status = s.status;
  if (!isSuppressed(status)) {
    await ctx.store.remove(s.pk);
    return "deleted";
  }
  const at = now.toISOString();
  // the marker keeps the address suppressed for good (an item suppressed before markers existed may lack one)
  await ctx.store.markSuppressed(s.pk, status);
  // one conditional put replaces the whole item: the address is never unsuppressed, even briefly
  const kept = await ctx.store.create(lifecycle.suppressionRecord(s.pk, status, s.statusAt ?? at, s.statusReason, at), [status]);
  if (!kept) throw new DomainError("conflict", "changed", "Your data changed while we were deleting it. Please try again.");
  return "suppression-kept";
}
