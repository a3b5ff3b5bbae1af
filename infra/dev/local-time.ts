/** A moment as the local stack's terminal and pages show it: the day, the time and the time zone's name. */
export function localTime(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
    timeZone,
  }).format(date);
}

/** How far the local clock is from the real one, in words ("31 days ahead of the real time"). */
export function clockDrift(clock: Date, real = new Date()): string {
  const ms = clock.getTime() - real.getTime();
  if (Math.abs(ms) < 60_000) return "the real time";
  const days = Math.abs(ms) / 86_400_000;
  const amount = days >= 1 ? `${Math.round(days)} day${Math.round(days) === 1 ? "" : "s"}` : `${Math.round(Math.abs(ms) / 60_000)} minutes`;
  return `${amount} ${ms > 0 ? "ahead of" : "behind"} the real time`;
}
