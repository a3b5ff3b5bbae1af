import { createHmac } from "node:crypto";
import type { Context } from "../context";
import { log } from "../log";
import type { SubscriberStore } from "../ports";
import { mailboxOf } from "../subscriber/address";
import { networksOf } from "./networks";

/**
 * The signup limits, per clock hour, counted in the table (so every Lambda instance shares the
 * same counts) and atomically (so concurrent signups can't overshoot). Two count every signup
 * that passes the form's checks, whatever the address's state, so their counts tell a prober
 * nothing about it: per client, and per network (a share of the overall budget). Two count the
 * emails signups cause (confirmations and "already subscribed" notices): per mailbox, and in all.
 */

const HOUR_MS = 3_600_000;
/** How long the SES quota read for the overall budget is reused. */
const QUOTA_FRESH_MS = 15 * 60_000;
/** The overall hourly budget while the SES quota can't be read. */
export const FALLBACK_CONFIRMATIONS_PER_HOUR = 50;
/** Signup emails one mailbox (plus-tags and documented dots folded: `mailboxOf`) may get per hour. */
export const MAILBOX_EMAILS_PER_HOUR = 3;
/** The share of the overall hourly budget one network (an IPv6 /48) may spend. */
export const NETWORK_SHARE = 0.1;

/** A counter's name: a keyed hash of what it counts, so no IP address or mailbox is ever stored. */
function counter(key: string, kind: "client" | "network" | "mailbox", value: string, hour: number): string {
  const hash = createHmac("sha256", key).update(`unknot-${kind}:${value}`).digest("base64url").slice(0, 22);
  const prefix = { client: "ip", network: "net", mailbox: "mailbox" }[kind];
  return `${prefix}#${hash}#${hour}`;
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

/** What one network may spend of the overall hourly budget: never less than one client may. */
export const networkShare = (perHour: number, perClient: number) => Math.max(perClient, Math.ceil(perHour * NETWORK_SHARE));

/**
 * Counts a signup against its client's hourly allowance and then its network's share; false
 * (and nothing stored or sent) when either is used up. Every signup that passed the form's
 * checks is counted, whatever becomes of it, so the allowance left says nothing of the address.
 */
export async function admitSignup(ctx: Context, client: string | undefined, perHour: number, now: Date): Promise<boolean> {
  const hour = hourOf(now);
  const { client: own, network } = client ? networksOf(client) : { client: "unknown", network: "unknown" };
  // kept an hour past their window, then TTL deletes them
  const expires = new Date((hour + 2) * HOUR_MS);
  const perClient = ctx.settings.signupsPerIpHour;
  if (!(await ctx.store.countUp(counter(ctx.key, "client", own, hour), perClient, expires))) return false;
  return ctx.store.countUp(counter(ctx.key, "network", network, hour), networkShare(perHour, perClient), expires);
}

/**
 * Takes one email from the mailbox's hourly allowance and then from the overall budget; false
 * (and nothing sent) when either is used up.
 */
export async function allowSignupEmail(ctx: Context, address: string, perHour: number, now: Date): Promise<boolean> {
  const hour = hourOf(now);
  const mailbox = counter(ctx.key, "mailbox", mailboxOf(address), hour);
  if (!(await ctx.store.countUp(mailbox, MAILBOX_EMAILS_PER_HOUR, new Date((hour + 2) * HOUR_MS)))) return false;
  // the overall counter is kept a day (the sender reads it)
  return ctx.store.countUp(overallCounter(hour), perHour, new Date((hour + 26) * HOUR_MS));
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
