import type { Context } from "../context";
import { log } from "../log";
import type { DeliverySummary } from "./deliver";
import { planShards } from "./planner";
import { runShard, type ShardOptions } from "./shard-worker";

export { retryDelay } from "./plan";

export interface PassOptions extends ShardOptions {
  /** the pass acts as if the clock read this */
  now: Date;
  /** emails per second; defaults to the operator's SES max send rate */
  maxRate?: number;
}

export interface PassSummary extends DeliverySummary {
  /** scheduled at or before `now` when the pass was planned */
  due: number;
}

/** What stayed due after a pass: the due emails not sent, failed or skipped (never below zero). */
export function deferredOf(due: number, { sent, failed, skipped }: { sent: number; failed: number; skipped: number }): number {
  return Math.max(0, due - sent - failed - skipped);
}

/**
 * One whole sender pass in this process: planned as the planner plans it, then every shard's
 * message handed straight to a worker (all at once, as if the queue's workers were many), in
 * place of the queue. For tests and the benchmarks; deployed, the planner puts the messages on
 * SQS and each shard's worker is its own Lambda (`startPass`, `runShard`). `deferred` is what
 * stayed due: left for a later pass.
 */
export async function runPass(ctx: Context, options: PassOptions): Promise<PassSummary> {
  const started = Date.now();
  const planned = await planShards(ctx, { now: options.now, maxRate: options.maxRate, wallClock: options.wallClock });
  const workers = await Promise.all(planned.messages.map((message) => runShard(ctx, message, options)));
  const total = (key: "sent" | "failed" | "skipped") => workers.reduce((sum, w) => sum + w[key], 0);
  const [sent, failed, skipped] = [total("sent"), total("failed"), total("skipped")];
  const summary: PassSummary = { due: planned.due, sent, failed, skipped, deferred: deferredOf(planned.due, { sent, failed, skipped }) };
  log("sender_pass", { at: options.now.toISOString(), ...summary, rate: planned.rate, ms: Date.now() - started });
  return summary;
}
