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

/** One parsed pattern per hour and time zone: the sender asks for the same few thousands of times a pass. */
const daily = new Map<string, Cron>();

/** The first `hour`:00 in `timeZone` after `after`. */
export function nextLocalHour(after: Date, timeZone: string, hour: number): Date {
  const key = `${hour} ${timeZone}`;
  let cron = daily.get(key);
  if (!cron) daily.set(key, (cron = new Cron(`0 ${hour} * * *`, { timezone: timeZone })));
  const next = cron.nextRun(after);
  if (!next) throw new Error(`no next ${hour}:00 in ${timeZone}`);
  return next;
}
