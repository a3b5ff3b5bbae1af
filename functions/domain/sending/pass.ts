import type { Context } from "../context";
import { log } from "../log";
import { deliver, type DeliverySummary } from "./deliver";
import { planPass } from "./plan";
import { tokenBucket } from "./rate-limit";
import { LEASE_MS } from "./timing";

export { retryDelay } from "./plan";

export interface PassOptions {
  /** the pass acts as if the clock read this */
  now: Date;
  /** time left before the pass must end (a Lambda's remaining time); unlimited when absent */
  remainingMs?: () => number;
  /** stop claiming new work when less than this is left */
  reserveMs?: number;
  concurrency?: number;
  /** how long a claim holds (default LEASE_MS); a pass that dies mid-send leaves the work to a later pass after this */
  leaseMs?: number;
  /** emails per second; defaults to the operator's SES max send rate */
  maxRate?: number;
  pageSize?: number;
}

export interface PassSummary extends DeliverySummary {
  /** scheduled at or before `now` when the pass looked */
  due: number;
}

/**
 * One sender pass: plan it (rate and allowance), read who is due, and deliver to them, paced to
 * the rate, until the allowance or the time runs out; whatever is left stays due for the next.
 */
export async function runPass(ctx: Context, options: PassOptions): Promise<PassSummary> {
  const started = Date.now();
  const baseUrl = ctx.publicUrl ?? ctx.apiUrl;
  if (!baseUrl) throw new Error("The sender needs the API's URL (link the Api, or a PublicUrl)");
  const remaining = options.remainingMs ?? (() => Number.POSITIVE_INFINITY);
  const reserve = options.reserveMs ?? 20_000;

  const plan = await planPass(ctx, options.now, options.maxRate);
  const entries = await ctx.store.due(options.now.getTime(), options.pageSize);
  const bucket = tokenBucket(plan.rate);
  let allowance = plan.allowance;
  const delivered = await deliver(entries, {
    ctx,
    now: options.now,
    baseUrl,
    leaseMs: options.leaseMs ?? LEASE_MS,
    concurrency: options.concurrency ?? 8,
    pace: () => bucket.take(),
    budget: () => remaining() >= reserve && allowance-- > 0,
  });

  const summary: PassSummary = { due: entries.length, ...delivered };
  log("sender_pass", { at: options.now.toISOString(), ...summary, rate: plan.rate, ms: Date.now() - started });
  return summary;
}
