import { randomUUID } from "node:crypto";
import { log } from "../log";
import type { ShardQueue } from "../ports";
import { sendLimits, shares, type PlanningContext } from "./plan";
import type { ShardMessage } from "./shard-message";
import { PASS_MINUTES, SENDER_EVERY_MINUTES } from "./timing";

export interface PlanOptions {
  /** the pass acts as if the clock read this */
  now: Date;
  /** emails per second; defaults to the operator's cap and the account's SES rate */
  maxRate?: number;
  /** the worker's clock (epoch ms), which the deadline is on; the system's by default */
  wallClock?: () => number;
}

/** A planned pass: what is due, and one message for each shard that may send. */
export interface PlannedPass {
  pass: string;
  /** the key of the budget this pass's workers share (a racing planner's workers share it too) */
  budget: string;
  /** scheduled at or before `now` */
  due: number;
  /** of those, scheduled before the previous pass was planned: a backlog that outlived a whole pass */
  overdue: number;
  rate: number;
  /** what was left of the budget when this pass opened it */
  allowance: number;
  messages: ShardMessage[];
}

const PASS_MS = SENDER_EVERY_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/**
 * Plans a pass without reading a single due entry: the limits (SES quota and rate), how many are
 * due in each shard of the due index (counted), the pass's budget opened in the table, and each
 * shard's share of what the pass can send. Passes planned in the same interval (a planner run
 * twice) share one budget, so together they never spend more than one.
 */
export async function planShards(ctx: PlanningContext, options: PlanOptions): Promise<PlannedPass> {
  const at = options.now.getTime();
  const wall = options.wallClock ?? Date.now;
  const shards = ctx.store.dueShards;
  const limits = await sendLimits(ctx, options.now, options.maxRate);
  const [counts, overdue] = await Promise.all([
    Promise.all(shards.map((shard) => ctx.store.countDue(shard, at))),
    Promise.all(shards.map((shard) => ctx.store.countDue(shard, at - PASS_MS))),
  ]);
  const budget = String(Math.floor(at / PASS_MS));
  const allowance = await ctx.store.openBudget(budget, limits.allowance, new Date(at + DAY_MS));
  const capacity = Math.min(allowance, Math.floor(limits.rate * PASS_MINUTES * 60));
  const pass = randomUUID();
  const deadline = wall() + PASS_MINUTES * 60_000;
  const split = shares(counts, capacity);
  const messages = shards.flatMap((shard, i) =>
    split[i]! > 0 ? [{ pass, budget, shard, share: split[i]!, at, deadline, rate: limits.rate }] : [],
  );
  const planned: PlannedPass = {
    pass,
    budget,
    due: counts.reduce((sum, n) => sum + n, 0),
    overdue: overdue.reduce((sum, n) => sum + n, 0),
    rate: limits.rate,
    allowance,
    messages,
  };
  log("sender_plan", { at: options.now.toISOString(), pass, due: planned.due, overdue: planned.overdue, shards: messages.length, rate: planned.rate, allowance: Math.min(allowance, Number.MAX_SAFE_INTEGER) });
  return planned;
}

/** What the planner Lambda does: plans the pass and puts one message per shard on the queue for the workers. */
export async function startPass(ctx: PlanningContext & { queue: ShardQueue }, options: PlanOptions): Promise<PlannedPass> {
  const planned = await planShards(ctx, options);
  await ctx.queue.send(planned.messages);
  return planned;
}
