import { answerIds, urgencyOf, type Answer, type Urgency } from "../../../functions/domain/subscriber/self-check";
import { emptyHistogram, summarise, type Histogram, type ScoreSummary } from "./statistics";
import type { ScanCursor, SubscriberStore } from "../../../functions/domain/ports";
import { hasCompleted, isSuppressed, leavingStatuses, statuses, type LeavingStatus as Leaving, type Status, type SuppressedStatus } from "../../../functions/domain/subscriber/states";
import type { Subscriber } from "../../../functions/domain/subscriber/subscriber";
import { signupFlagsOf } from "../../../functions/domain/checkin/safety";
import { SafetyTally, type SafetyEvents } from "./safety-events";

/**
 * The operator's figures, from one read of the table: `npm run stats` prints them and
 * `npm run report` draws them. Aggregates only: nothing here names or identifies anyone.
 */

/** The only fields the figures read. Check-in notes come with `checkins` and are never used. */
export const statsFields = [
  "status",
  "createdAt",
  "consentAt",
  "confirmedAt",
  "answers",
  "flags",
  "sent",
  "checkins",
] as const satisfies readonly (keyof Subscriber)[];
/** As a scan returns it: other items in the table (rate-limit counters) have no `status`. */
export type StatsItem = Partial<Pick<Subscriber, (typeof statsFields)[number]>>;


/** A fall of at least this many points on the 0–10 scale counts as a meaningful change. */
export const MEANINGFUL_FALL = 2;
/** Published figures about fewer people than this are suppressed. */
export const SMALL_CELL = 5;

/** Rates the mailbox providers hold a sender to (share of emails sent). */
export const thresholds = {
  awsBounce: 0.05,
  awsComplaint: 0.001,
  gmailYahooSpam: 0.003,
} as const;

/** A count, and its share of a whole (null when the whole is zero). */
export interface Share {
  count: number;
  rate: number | null;
}

export interface WeekStats {
  week: number;
  /** emails sent for this week (a rare repeat counts twice) */
  sent: number;
  /** subscribers who were sent this week */
  recipients: number;
  checkins: number;
  /** check-ins over recipients */
  responseRate: number | null;
  meanScore: number | null;
  medianScore: number | null;
  /** the 95 % t-interval around the mean score */
  meanLow: number | null;
  meanHigh: number | null;
}

/** Subscribers who left, by the last program week they were sent (0: confirmed, nothing sent yet). */
export type LeavingWeek = { afterWeek: number } & Record<Leaving, number>;

/** Subscribers with two or more check-ins, and how many of them fell by MEANINGFUL_FALL or more. */
export interface Change {
  n: number;
  fell: number;
  share: number | null;
}

export interface Cohort {
  /** signup month, YYYY-MM */
  month: string;
  signedUp: number;
  confirmed: number;
  receivedWeek1: number;
  completed: number;
  left: number;
  change: Change;
}

export interface Stats {
  /** everyone who signed up (in the date range), whatever their status now */
  subscribers: number;
  byStatus: Record<Status, number>;
  /** bounced or complained addresses kept only as a one-way id: not signups, counted apart */
  suppressionOnly: number;
  /** confirmed at some point, over everyone who signed up */
  confirmed: Share;
  /** confirmed subscribers now unsubscribed / bounced / complained, over confirmed subscribers */
  unsubscribed: Share;
  bounced: Share;
  complained: Share;
  /** the confirmation email bounced or was marked as spam */
  beforeConfirming: Record<SuppressedStatus, number>;
  leaving: LeavingWeek[];
  weeks: WeekStats[];
  change: Change;
  changeByAnswer: ({ answer: Answer } & Change)[];
  /** signups by the most urgent warning sign they ticked at signup (signs first reported at a check-in are in `safetyEvents`) */
  redFlags: Record<Urgency, number>;
  /** check-ins that called for advice, by kind (`safety-events.ts`) */
  safetyEvents: SafetyEvents;
  cohorts: Cohort[];
  deliverability: {
    /** program emails recorded, plus one confirmation email per signup (a lower bound) */
    emailsSent: number;
    bounced: Share;
    complained: Share;
  };
}

/** Signup dates to include, YYYY-MM-DD, both ends inclusive. */
export interface StatsFilter {
  from?: string;
  to?: string;
}

const share = (count: number, whole: number): Share => ({ count, rate: whole ? count / whole : null });
const changeOf = (n: number, fell: number): Change => ({ n, fell, share: n ? fell / n : null });

/** Every item in the table, page by page, with only the fields the figures read. */
export async function* subscriberPages(store: SubscriberStore, pageSize?: number): AsyncGenerator<StatsItem[]> {
  let cursor: ScanCursor | undefined;
  do {
    const page = await store.scan(statsFields, cursor, pageSize);
    yield page.items;
    cursor = page.next;
  } while (cursor);
}

/** The first and last check-in scores, in week order; undefined with fewer than two. */
function firstAndLast(checkins: Subscriber["checkins"]): [number, number] | undefined {
  const scores = Object.entries(checkins ?? {})
    .map(([week, checkin]) => [Number(week), checkin.score] as const)
    .sort(([a], [b]) => a - b);
  return scores.length > 1 ? [scores[0]![1], scores.at(-1)![1]] : undefined;
}

class Tally {
  n = 0;
  fell = 0;
  add(fell: boolean) {
    this.n++;
    if (fell) this.fell++;
  }
  get change() {
    return changeOf(this.n, this.fell);
  }
}

/** A map that makes each entry the first time it is asked for. */
function lazyMap<K, V>(make: (key: K) => V) {
  const map = new Map<K, V>();
  return {
    map,
    get(key: K): V {
      let value = map.get(key);
      if (value === undefined) map.set(key, (value = make(key)));
      return value;
    },
  };
}

const inRange = (item: StatsItem, { from, to }: StatsFilter) => {
  const day = (item.createdAt ?? "").slice(0, 10);
  return (!from || day >= from) && (!to || day <= to);
};

/** Adds up the pages of items into the operator's figures. */
export async function statsOf(
  pages: AsyncIterable<readonly StatsItem[]> | Iterable<readonly StatsItem[]>,
  filter: StatsFilter = {},
): Promise<Stats> {
  const byStatus = Object.fromEntries(statuses.map((status) => [status, 0])) as Record<Status, number>;
  const weeks = lazyMap((_: number) => ({ sent: 0, recipients: 0, scores: emptyHistogram() }));
  const leaving = lazyMap((afterWeek: number): LeavingWeek => ({ afterWeek, unsubscribed: 0, bounced: 0, complained: 0 }));
  const cohorts = lazyMap((month: string) => ({
    month,
    signedUp: 0,
    confirmed: 0,
    receivedWeek1: 0,
    completed: 0,
    left: 0,
    tally: new Tally(),
  }));
  const change = new Tally();
  const byAnswer = new Map(answerIds.map((answer) => [answer, new Tally()]));
  const redFlags: Record<Urgency, number> = { urgent: 0, soon: 0, none: 0 };
  const safety = new SafetyTally();
  const beforeConfirming: Record<SuppressedStatus, number> = { bounced: 0, complained: 0 };
  let subscribers = 0;
  let suppressionOnly = 0;
  let confirmed = 0;
  let programEmails = 0;
  const confirmedLeaving: Record<Leaving, number> = { unsubscribed: 0, bounced: 0, complained: 0 };

  for await (const page of pages) {
    for (const item of page) {
      const status = item.status;
      if (!status || !inRange(item, filter)) continue;
      if (!item.consentAt && isSuppressed(status)) {
        suppressionOnly++;
        continue;
      }
      subscribers++;
      byStatus[status]++;
      redFlags[urgencyOf(signupFlagsOf(item))]++;
      safety.add(item);
      const cohort = cohorts.get((item.createdAt ?? "").slice(0, 7));
      cohort.signedUp++;

      const sent = item.sent ?? [];
      programEmails += sent.length;
      for (const email of sent) weeks.get(email.week).sent++;
      const received = new Set(sent.map((email) => email.week));
      for (const n of received) weeks.get(n).recipients++;
      for (const [n, checkin] of Object.entries(item.checkins ?? {})) weeks.get(Number(n)).scores[checkin.score]!++;

      if (!item.confirmedAt) {
        if (isSuppressed(status)) beforeConfirming[status]++;
        continue;
      }
      confirmed++;
      cohort.confirmed++;
      if (received.has(1)) cohort.receivedWeek1++;
      if (hasCompleted(status)) cohort.completed++;
      const left = leavingStatuses.find((leavingStatus) => leavingStatus === status);
      if (left) {
        leaving.get(Math.max(0, ...received))[left]++;
        confirmedLeaving[left]++;
        cohort.left++;
      }
      const scores = firstAndLast(item.checkins);
      if (scores) {
        const fell = scores[0] - scores[1] >= MEANINGFUL_FALL;
        change.add(fell);
        cohort.tally.add(fell);
        for (const answer of item.answers ?? []) byAnswer.get(answer)?.add(fell);
      }
    }
  }

  const emailsSent = programEmails + subscribers;
  return {
    subscribers,
    byStatus,
    suppressionOnly,
    confirmed: share(confirmed, subscribers),
    unsubscribed: share(confirmedLeaving.unsubscribed, confirmed),
    bounced: share(confirmedLeaving.bounced, confirmed),
    complained: share(confirmedLeaving.complained, confirmed),
    beforeConfirming,
    leaving: [...leaving.map.values()].sort((a, b) => a.afterWeek - b.afterWeek),
    // every week from 1 to the last one seen, so a week nobody reached shows as zero
    weeks: Array.from({ length: Math.max(0, ...weeks.map.keys()) }, (_, i) => weekStats(i + 1, weeks.get(i + 1))),
    change: change.change,
    changeByAnswer: answerIds.map((answer) => ({ answer, ...byAnswer.get(answer)!.change })),
    redFlags,
    safetyEvents: safety.events,
    cohorts: [...cohorts.map.values()]
      .sort((a, b) => a.month.localeCompare(b.month))
      .map(({ tally, ...cohort }) => ({ ...cohort, change: tally.change })),
    deliverability: {
      emailsSent,
      bounced: share(byStatus.bounced, emailsSent),
      complained: share(byStatus.complained, emailsSent),
    },
  };
}

function weekStats(n: number, { sent, recipients, scores }: { sent: number; recipients: number; scores: Histogram }): WeekStats {
  const pain: ScoreSummary | null = summarise(scores);
  const checkins = pain?.n ?? 0;
  return {
    week: n,
    sent,
    recipients,
    checkins,
    responseRate: recipients ? checkins / recipients : null,
    meanScore: pain?.mean ?? null,
    medianScore: pain?.median ?? null,
    meanLow: pain?.low ?? null,
    meanHigh: pain?.high ?? null,
  };
}
