import { tiersOf, type Flag } from "../subscriber/self-check";
import type { SentEmail, Subscriber } from "../subscriber/subscriber";

/**
 * The safety net at the weekly check-in (CONTENT.md "Safety"): a score this high, a rise this
 * large over the subscriber's first score, or a warning sign reported for the first time gets
 * the matching advice on the page at once and in the next email. The operator's report counts
 * these events by kind (`alertKindsOf`), never who.
 */
export const ALERT_SCORE = 8;
export const ALERT_RISE = 3;

export interface Score {
  week: number;
  score: number;
}

/** What one check-in calls for. */
export interface CheckinAlerts {
  /** this check-in's score, when it is ALERT_SCORE or more */
  high?: Score;
  /** the first score (earliest week) and this one, when this one is ALERT_RISE or more above it */
  rise?: { first: Score; now: Score; by: number };
  /** warning signs first reported with this check-in */
  signs: Flag[];
}

export const alertKinds = ["high score", "rise", "new urgent sign", "new soon sign"] as const;
export type AlertKind = (typeof alertKinds)[number];

type Checkins = Subscriber["checkins"];

const scoresOf = (checkins: Checkins): Score[] =>
  Object.entries(checkins ?? {})
    .map(([week, c]) => ({ week: Number(week), score: c.score }))
    .sort((a, b) => a.week - b.week);

/** What the check-in of `week` calls for, against the subscriber's other check-ins. */
export function alertsFor(checkins: Checkins, week: number): CheckinAlerts {
  const checkin = checkins?.[String(week)];
  if (!checkin) return { signs: [] };
  const now = { week, score: checkin.score };
  const first = scoresOf(checkins)[0];
  const by = first && first.week < week ? now.score - first.score : 0;
  return {
    high: now.score >= ALERT_SCORE ? now : undefined,
    rise: first && by >= ALERT_RISE ? { first, now, by } : undefined,
    signs: checkin.flags ?? [],
  };
}

/** The kinds of event one check-in was: what the report counts. */
export function alertKindsOf(checkins: Checkins, week: number): AlertKind[] {
  const { high, rise, signs } = alertsFor(checkins, week);
  const kinds: AlertKind[] = [];
  if (high) kinds.push("high score");
  if (rise) kinds.push("rise");
  const tiers = tiersOf(signs);
  if (tiers.urgent) kinds.push("new urgent sign");
  if (tiers.soon) kinds.push("new soon sign");
  return kinds;
}

/**
 * What the next email answers: the check-ins since the last email (`last`, the week it was and
 * when it went out): the one for that week, and any other recorded after it went out (a late or
 * changed answer). Together, as the email's boxes say it without numbers.
 */
export function alertsSince(checkins: Checkins, last: Pick<SentEmail, "week" | "at"> | undefined): { high: boolean; rise: boolean; signs: Flag[] } {
  const recent = last === undefined ? [] : Object.entries(checkins ?? {}).filter(([week, c]) => Number(week) >= last.week || c.at > last.at);
  const each = recent.map(([week]) => alertsFor(checkins, Number(week)));
  return {
    high: each.some((a) => a.high),
    rise: each.some((a) => a.rise),
    signs: [...new Set(each.flatMap((a) => a.signs))],
  };
}

/** The warning signs ticked at signup: the subscriber's signs, less those first reported at a check-in. */
export function signupFlagsOf(subscriber: Partial<Pick<Subscriber, "flags" | "checkins">>): Flag[] {
  const later = new Set(Object.values(subscriber.checkins ?? {}).flatMap((c) => c.flags ?? []));
  return (subscriber.flags ?? []).filter((id) => !later.has(id));
}
