import { urgencyOf, type Urgency } from "../../../functions/domain/subscriber/self-check";
import { emptyHistogram, summarise, type Histogram, type ScoreSummary } from "./statistics";
import type { ScanCursor, ScanSegment, SubscriberStore } from "../../../functions/domain/ports";
import { FOLLOW_UP } from "../../../functions/domain/outcomes/follow-up";
import { gotLastEmail, ranOnHold } from "../../../functions/domain/program/completion";
import {
  awaitsFollowUp,
  isInProgram,
  isSuppressed,
  leavingStatuses,
  statuses,
  type LeavingStatus as Leaving,
  type Status,
  type SuppressedStatus,
} from "../../../functions/domain/subscriber/states";
import type { Subscriber } from "../../../functions/domain/subscriber/subscriber";
import { outcomesTally, type Outcomes } from "./outcomes";
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
  "program",
  "sent",
  "checkins",
  "baseline",
  "atEnd",
  "atFollowUp",
] as const satisfies readonly (keyof Subscriber)[];
/** As a scan returns it: other items in the table (rate-limit counters) have no `status`. */
export type StatsItem = Partial<Pick<Subscriber, (typeof statsFields)[number]>>;

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
  /** of them, how many completed with it: their program's last week (a shorter one: movement weeks held) */
  finished: number;
  checkins: number;
  /** check-ins over recipients */
  responseRate: number | null;
  meanScore: number | null;
  medianScore: number | null;
  /** the 95 % t-interval around the mean score */
  meanLow: number | null;
  meanHigh: number | null;
}

/**
 * Subscribers who left before the last email of their program, by the last program week
 * they were sent (0: confirmed, nothing sent yet). Someone who left after the last email
 * completed: they are not here.
 */
export type LeavingWeek = { afterWeek: number } & Record<Leaving, number>;

export interface Cohort {
  /** signup month, YYYY-MM */
  month: string;
  signedUp: number;
  confirmed: number;
  receivedWeek1: number;
  completed: number;
  left: number;
}

export interface Stats {
  /** everyone who signed up (in the date range), whatever their status now */
  subscribers: number;
  byStatus: Record<Status, number>;
  /** bounced or complained addresses kept only as a one-way id: not signups, counted apart */
  suppressionOnly: number;
  /** confirmed at some point, over everyone who signed up */
  confirmed: Share;
  /** got the last email of their own program, whatever they did after, over confirmed subscribers */
  completed: Share;
  /** of those who completed, how many had a shorter program (movement weeks held: an on-hold week instead) */
  completedOnHold: number;
  /** confirmed, and not yet at the last email or gone */
  inProgram: number;
  /** confirmed subscribers now unsubscribed / bounced / complained (completers too), over confirmed subscribers */
  unsubscribed: Share;
  bounced: Share;
  complained: Share;
  /** the confirmation email bounced or was marked as spam */
  beforeConfirming: Record<SuppressedStatus, number>;
  leaving: LeavingWeek[];
  weeks: WeekStats[];
  /** the outcome questions: responders, changes, the global impression, the follow-up */
  outcomes: Outcomes;
  /** signups by the most urgent warning sign they ticked at signup (signs first reported at a check-in are in `safetyEvents`) */
  redFlags: Record<Urgency, number>;
  /** check-ins that called for advice, by kind (`safety-events.ts`) */
  safetyEvents: SafetyEvents;
  cohorts: Cohort[];
  deliverability: {
    /** program emails (the follow-ups too) recorded, plus one confirmation email per signup (a lower bound) */
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

/**
 * Every item in the table, page by page, with only the fields the figures read. With
 * `segments` above 1 the table is read as that many parallel scan segments at once, pages
 * handed on as they arrive: each item still exactly once, and at most one page per segment held.
 */
export async function* subscriberPages(store: SubscriberStore, { pageSize, segments = 1 }: { pageSize?: number; segments?: number } = {}): AsyncGenerator<StatsItem[]> {
  if (segments <= 1) {
    yield* segmentPages(store, pageSize);
    return;
  }
  const readers = Array.from({ length: segments }, (_, index) => segmentPages(store, pageSize, { index, total: segments }));
  const pending = new Map(readers.map((reader, i) => [i, reader.next().then((result) => ({ i, result }))]));
  while (pending.size) {
    const { i, result } = await Promise.race(pending.values());
    if (result.done) {
      pending.delete(i);
      continue;
    }
    pending.set(i, readers[i]!.next().then((next) => ({ i, result: next })));
    yield result.value;
  }
}

async function* segmentPages(store: SubscriberStore, pageSize?: number, segment?: ScanSegment): AsyncGenerator<StatsItem[]> {
  let cursor: ScanCursor | undefined;
  do {
    const page = await store.scan(statsFields, cursor, pageSize, segment);
    yield page.items;
    cursor = page.next;
  } while (cursor);
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
  const weeks = lazyMap((_: number) => ({ sent: 0, recipients: 0, finished: 0, scores: emptyHistogram() }));
  const leaving = lazyMap((afterWeek: number): LeavingWeek => ({ afterWeek, unsubscribed: 0, bounced: 0, complained: 0 }));
  const cohorts = lazyMap((month: string): Cohort => ({ month, signedUp: 0, confirmed: 0, receivedWeek1: 0, completed: 0, left: 0 }));
  const outcomes = outcomesTally();
  const redFlags: Record<Urgency, number> = { urgent: 0, soon: 0, none: 0 };
  const safety = new SafetyTally();
  const beforeConfirming: Record<SuppressedStatus, number> = { bounced: 0, complained: 0 };
  let subscribers = 0;
  let suppressionOnly = 0;
  let confirmed = 0;
  let completed = 0;
  let completedOnHold = 0;
  let inProgram = 0;
  let emailsRecorded = 0;
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
      // by the warning signs ticked at signup, as the report's tiers are
      const urgency = urgencyOf(signupFlagsOf(item));
      redFlags[urgency]++;
      safety.add(item);
      const cohort = cohorts.get((item.createdAt ?? "").slice(0, 7));
      cohort.signedUp++;

      const sent = item.sent ?? [];
      emailsRecorded += sent.length;
      // the program's weeks; the follow-up, months later, is not one of them
      const weekly = sent.filter((email) => email.template !== FOLLOW_UP);
      const gotFollowUp = weekly.length < sent.length;
      for (const email of weekly) weeks.get(email.week).sent++;
      const received = new Set(weekly.map((email) => email.week));
      for (const n of received) weeks.get(n).recipients++;
      for (const [n, checkin] of Object.entries(item.checkins ?? {})) weeks.get(Number(n)).scores[checkin.score]!++;

      if (!item.confirmedAt) {
        if (isSuppressed(status)) beforeConfirming[status]++;
        continue;
      }
      confirmed++;
      cohort.confirmed++;
      if (received.has(1)) cohort.receivedWeek1++;
      const left = leavingStatuses.find((leavingStatus) => leavingStatus === status);
      if (left) confirmedLeaving[left]++;
      const finished = gotLastEmail(item);
      if (finished) {
        completed++;
        cohort.completed++;
        weeks.get(item.program!.length).finished++;
        if (ranOnHold(item)) completedOnHold++;
      } else if (left) {
        leaving.get(Math.max(0, ...received))[left]++;
        cohort.left++;
      }
      const over = finished || !isInProgram(status);
      if (!over) inProgram++;
      outcomes.add(item, { over, completed: finished, awaiting: awaitsFollowUp(status), urgency, gotFollowUp });
    }
  }

  const emailsSent = emailsRecorded + subscribers;
  return {
    subscribers,
    byStatus,
    suppressionOnly,
    confirmed: share(confirmed, subscribers),
    completed: share(completed, confirmed),
    completedOnHold,
    inProgram,
    unsubscribed: share(confirmedLeaving.unsubscribed, confirmed),
    bounced: share(confirmedLeaving.bounced, confirmed),
    complained: share(confirmedLeaving.complained, confirmed),
    beforeConfirming,
    leaving: [...leaving.map.values()].sort((a, b) => a.afterWeek - b.afterWeek),
    // every week from 1 to the last one seen, so a week nobody reached shows as zero
    weeks: Array.from({ length: Math.max(0, ...weeks.map.keys()) }, (_, i) => weekStats(i + 1, weeks.get(i + 1))),
    outcomes: outcomes.result,
    redFlags,
    safetyEvents: safety.events,
    cohorts: [...cohorts.map.values()].sort((a, b) => a.month.localeCompare(b.month)),
    deliverability: {
      emailsSent,
      bounced: share(byStatus.bounced, emailsSent),
      complained: share(byStatus.complained, emailsSent),
    },
  };
}

function weekStats(n: number, { sent, recipients, finished, scores }: { sent: number; recipients: number; finished: number; scores: Histogram }): WeekStats {
  const pain: ScoreSummary | null = summarise(scores);
  const checkins = pain?.n ?? 0;
  return {
    week: n,
    sent,
    recipients,
    finished,
    checkins,
    responseRate: recipients ? checkins / recipients : null,
    meanScore: pain?.mean ?? null,
    medianScore: pain?.median ?? null,
    meanLow: pain?.low ?? null,
    meanHigh: pain?.high ?? null,
  };
}
