import type { Context } from "../context";
import { log } from "../log";
import type { SendQuota } from "../ports";
import { signupEmailsInLastDay } from "../signup/limits";

/**
 * What may go out in one pass, before anything is claimed: how fast (the operator's cap and the
 * account's SES rate, whichever is lower) and how many (what is left of the program's share of
 * the SES 24-hour quota, signup emails left out: they have a budget of their own).
 */
export interface PassPlan {
  /** emails per second */
  rate: number;
  /** emails this pass may send; Infinity when the quota can't be read or is unlimited */
  allowance: number;
}

/** The SES quota, read once per pass. Without it the pass still runs, paced to the configured rate. */
async function readQuota(ctx: Context): Promise<SendQuota | undefined> {
  try {
    return await ctx.mailer.quota();
  } catch (error) {
    log("quota_unavailable", { error: (error as Error).name }, "error");
    return undefined;
  }
}

/** Plans one pass at `now`; `maxRate` overrides the rate (a test's or a benchmark's). */
export async function planPass(ctx: Context, now: Date, maxRate?: number): Promise<PassPlan> {
  const quota = await readQuota(ctx);
  const rate = maxRate ?? Math.min(ctx.settings.maxSendRate, quota?.maxSendRate ?? Infinity);
  if (!quota || quota.max24HourSend < 0) return { rate, allowance: Number.POSITIVE_INFINITY };
  // the program's own sends in the last 24 hours: SES's count, less the signup emails counted apart
  const programSent = quota.sentLast24Hours - (await signupEmailsInLastDay(ctx.store, now));
  return { rate, allowance: Math.floor(quota.max24HourSend * ctx.settings.quotaShare) - programSent };
}

/** After a failed send: 15 minutes, then 30, 60… at most a day, so a stuck address isn't hammered. */
export function retryDelay(failures: number): number {
  return Math.min(15 * 60_000 * 2 ** (failures - 1), 86_400_000);
}
