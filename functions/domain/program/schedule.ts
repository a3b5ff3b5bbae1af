import { Cron } from "croner";

const DAY_MS = 86_400_000;

/**
 * When the next weekly email is due: the first `hour`:00 in the subscriber's time zone that is
 * at least six and a half days after this one went out. Counting from the actual send time
 * (not from when it was due) means a late pass never causes a burst: two program emails are
 * always at least 6.5 days apart. croner does the time-zone arithmetic, DST included.
 */
export function nextWeeklySend(sentAt: Date, timeZone: string, hour: number): Date {
  return nextLocalHour(new Date(sentAt.getTime() + 6.5 * DAY_MS), timeZone, hour);
}

/** The first `hour`:00 in `timeZone` after `after`. */
export function nextLocalHour(after: Date, timeZone: string, hour: number): Date {
  const next = new Cron(`0 ${hour} * * *`, { timezone: timeZone }).nextRun(after);
  if (!next) throw new Error(`no next ${hour}:00 in ${timeZone}`);
  return next;
}
