import { createHmac } from "node:crypto";
import type { Context } from "../context";
import { log } from "../log";
import type { SubscriberStore } from "../ports";

/**
 * How many confirmation and "already subscribed" emails signups may cause: per client (IP
 * address) and in all, per clock hour. Counted in the table, so every Lambda instance shares
 * the same counts, and atomically, so concurrent signups can't overshoot.
 */

const HOUR_MS = 3_600_000;
/** How long the SES quota read for the overall budget is reused. */
const QUOTA_FRESH_MS = 15 * 60_000;
/** The overall hourly budget while the SES quota can't be read. */
export const FALLBACK_CONFIRMATIONS_PER_HOUR = 50;

/**
 * The network a client address stands for: an IPv4 address itself; for IPv6, its /64, since
 * one home or one server is given a whole /64 to pick addresses from.
 */
export function networkOf(address: string): string {
  const bare = address.toLowerCase().split("%")[0]!;
  const mapped = bare.match(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (mapped) return mapped[1]!;
  if (!bare.includes(":")) return bare;
  const [head = "", tail] = bare.split("::");
  const before = head ? head.split(":") : [];
  const after = tail ? tail.split(":") : [];
  const groups = tail === undefined ? before : [...before, ...Array(Math.max(0, 8 - before.length - after.length)).fill("0"), ...after];
  return `${groups.slice(0, 4).map((g) => g.padStart(4, "0")).join(":")}::/64`;
}

/** The counter name for a client: a keyed hash, so no IP address is ever stored. */
function clientCounter(key: string, client: string | undefined, hour: number): string {
  const network = client ? networkOf(client) : "unknown";
  const hash = createHmac("sha256", key).update(`unknot-client:${network}`).digest("base64url").slice(0, 22);
  return `ip#${hash}#${hour}`;
}

/**
 * Confirmations per hour in all: the operator's setting, else the share of the SES 24-hour
 * quota that the sender leaves free (1 − quotaShare), spread evenly over 24 hours, so signups
 * can never use more of a day's quota than the program leaves them.
 */
export async function confirmationsPerHour(ctx: Context, now: Date): Promise<number> {
  if (ctx.settings.confirmationsPerHour) return ctx.settings.confirmationsPerHour;
  const read = ctx.memory.signupBudget;
  if (read && now.getTime() - read.readAt < QUOTA_FRESH_MS) return read.perHour;
  try {
    const { max24HourSend } = await ctx.mailer.quota();
    const perHour =
      max24HourSend < 0 ? Number.MAX_SAFE_INTEGER : Math.max(1, Math.floor((max24HourSend * (1 - ctx.settings.quotaShare)) / 24));
    ctx.memory.signupBudget = { perHour, readAt: now.getTime() };
    return perHour;
  } catch (error) {
    log("quota_unavailable", { error: (error as Error).name }, "error");
    // asked again when this runs out, not on every signup
    ctx.memory.signupBudget = { perHour: FALLBACK_CONFIRMATIONS_PER_HOUR, readAt: now.getTime() };
    return FALLBACK_CONFIRMATIONS_PER_HOUR;
  }
}

/** Which hourly limit kept a signup email from going out. */
export type SignupLimit = "client_hourly_limit" | "overall_hourly_limit";

/**
 * Takes one email from this client's hourly allowance and then from the overall budget; names
 * the limit that is used up instead (and nothing is sent). The client's allowance goes first, so
 * one client can't spend the overall budget beyond its own share.
 */
export async function signupEmailLimit(ctx: Context, client: string | undefined, perHour: number, now: Date): Promise<SignupLimit | undefined> {
  const hour = hourOf(now);
  // a client's counter is kept an hour past its window, the overall one a day (the sender reads it), then TTL deletes them
  const perClient = ctx.settings.signupsPerIpHour;
  if (!(await ctx.store.countUp(clientCounter(ctx.key, client, hour), perClient, new Date((hour + 2) * HOUR_MS)))) return "client_hourly_limit";
  if (!(await ctx.store.countUp(overallCounter(hour), perHour, new Date((hour + 26) * HOUR_MS)))) return "overall_hourly_limit";
  return undefined;
}

/**
 * Signup emails (confirmations and notices) counted in the last 24 clock hours: what the
 * sender takes out of the SES figure for the last 24 hours, so they never use up the
 * program's share of the quota.
 */
export async function signupEmailsInLastDay(store: SubscriberStore, now: Date): Promise<number> {
  const hour = hourOf(now);
  const counts = await Promise.all(Array.from({ length: 24 }, (_, back) => store.counted(overallCounter(hour - back))));
  return counts.reduce((sum, count) => sum + count, 0);
}

const hourOf = (now: Date) => Math.floor(now.getTime() / HOUR_MS);
const overallCounter = (hour: number) => `confirmations#${hour}`;
