import type { ScanCursor, SubscriberStore } from "./store";
import type { Status, Subscriber } from "./subscriber";

/** The only fields stats read: no address, no answers. */
export const statsFields = ["status", "confirmedAt", "sent", "checkins"] as const satisfies readonly (keyof Subscriber)[];
export type StatsItem = Pick<Subscriber, (typeof statsFields)[number]>;

const statuses: readonly Status[] = ["pending", "active", "paused", "completed", "unsubscribed", "bounced", "complained"];

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
}

export interface Stats {
  subscribers: number;
  byStatus: Record<string, number>;
  /** confirmed at some point, whatever the status now, over everyone who signed up */
  confirmed: Share;
  /** over confirmed subscribers */
  unsubscribed: Share;
  bounced: Share;
  complained: Share;
  weeks: WeekStats[];
}

const share = (count: number, whole: number): Share => ({ count, rate: whole ? count / whole : null });

/** Every subscriber item, page by page, with only the fields stats read. */
export async function* subscriberPages(store: SubscriberStore, pageSize?: number): AsyncGenerator<StatsItem[]> {
  let cursor: ScanCursor | undefined;
  do {
    const page = await store.scan(statsFields, cursor, pageSize);
    yield page.items;
    cursor = page.next;
  } while (cursor);
}

/** Adds up the pages of subscriber items into the operator's numbers. */
export async function statsOf(pages: AsyncIterable<readonly StatsItem[]>): Promise<Stats> {
  const byStatus: Record<string, number> = Object.fromEntries(statuses.map((status) => [status, 0]));
  const weeks = new Map<number, { sent: number; recipients: number; checkins: number; scoreSum: number }>();
  const week = (n: number) => {
    let entry = weeks.get(n);
    if (!entry) weeks.set(n, (entry = { sent: 0, recipients: 0, checkins: 0, scoreSum: 0 }));
    return entry;
  };
  let subscribers = 0;
  let confirmed = 0;

  for await (const page of pages) {
    for (const item of page) {
      subscribers++;
      byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
      if (item.confirmedAt) confirmed++;
      const sent = item.sent ?? [];
      for (const email of sent) week(email.week).sent++;
      for (const n of new Set(sent.map((email) => email.week))) week(n).recipients++;
      for (const [n, checkin] of Object.entries(item.checkins ?? {})) {
        const entry = week(Number(n));
        entry.checkins++;
        entry.scoreSum += checkin.score;
      }
    }
  }

  return {
    subscribers,
    byStatus,
    confirmed: share(confirmed, subscribers),
    unsubscribed: share(byStatus.unsubscribed ?? 0, confirmed),
    bounced: share(byStatus.bounced ?? 0, confirmed),
    complained: share(byStatus.complained ?? 0, confirmed),
    // every week from 1 to the last one seen, so a week nobody reached shows as zero
    weeks: Array.from({ length: Math.max(0, ...weeks.keys()) }, (_, i) => {
      const { sent, recipients, checkins, scoreSum } = week(i + 1);
      return {
        week: i + 1,
        sent,
        recipients,
        checkins,
        responseRate: recipients ? checkins / recipients : null,
        meanScore: checkins ? scoreSum / checkins : null,
      };
    }),
  };
}
