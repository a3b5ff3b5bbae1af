import { normaliseEmail } from "./address";
import type { Context } from "./context";
import { VisibleError } from "./errors";
import { answers as statements, flags as warningSigns } from "./self-check";
import { suppressedStatuses, suppressionRecord, type SuppressedStatus, type Subscriber } from "./subscriber";
import { subscriberIdFor, verifyToken } from "./tokens";

const gone = () =>
  new VisibleError(404, "no_data", "We hold no data for this link any more. If you deleted it, it's gone.");

/** The subscriber a data link belongs to; refused for someone whose data is already gone. */
async function owner(ctx: Context, token: unknown, purpose: "export" | "delete", now: Date): Promise<Subscriber> {
  const { s: id } = verifyToken(ctx.key, token, purpose, now);
  const subscriber = await ctx.store.get(id);
  if (!subscriber || !subscriber.email) throw gone();
  return subscriber;
}

/** Everything stored about one subscriber, through their signed download link. */
export async function exportData(ctx: Context, token: unknown, now: Date) {
  return dataOf(await owner(ctx, token, "export", now), now);
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
function dataOf(s: Subscriber, now: Date) {
  return {
    exportedAt: now.toISOString(),
    email: s.email,
    status: s.status,
    statusChangedAt: s.statusAt,
    statusReason: s.statusReason,
    timeZone: s.tz,
    selfCheck: statements.filter((a) => s.answers.includes(a.id)).map((a) => ({ id: a.id, statement: a.label })),
    warningSigns: warningSigns.filter((f) => s.flags.includes(f.id)).map((f) => ({ id: f.id, sign: f.label })),
    checkedByDoctorAt: s.checkedAt,
    consentGivenAt: s.consentAt,
    signedUpAt: s.createdAt,
    confirmedAt: s.confirmedAt,
    program: s.program,
    nextWeek: s.week,
    nextEmailDueAt: s.dueAt === undefined ? undefined : new Date(s.dueAt).toISOString(),
    pausedUntil: s.pausedUntil === undefined ? undefined : new Date(s.pausedUntil).toISOString(),
    emailsSent: s.sent ?? [],
    checkins: s.checkins ?? {},
  };
}

export type DeleteOutcome = "deleted" | "suppression-kept";

/**
 * Deletes a subscriber's data. Someone whose address bounced or who reported spam keeps only
 * a suppression record keyed by the one-way id (no address, no answers), so that a later
 * signup of that address can never mail it again.
 */
export async function deleteData(ctx: Context, token: unknown, now: Date): Promise<DeleteOutcome> {
  const s = await owner(ctx, token, "delete", now);
  if (!suppressedStatuses.includes(s.status)) {
    await ctx.store.remove(s.pk);
    return "deleted";
  }
  const at = now.toISOString();
  const status = s.status as SuppressedStatus;
  // one conditional put replaces the whole item: the address is never unsuppressed, even briefly
  const kept = await ctx.store.create(suppressionRecord(s.pk, status, s.statusAt ?? at, s.statusReason, at), [status]);
  if (!kept) throw new VisibleError(409, "changed", "Your data changed while we were deleting it. Please try again.");
  return "suppression-kept";
}
