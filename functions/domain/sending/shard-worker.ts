import type { Context } from "../context";
import { log } from "../log";
import { deliver, type DeliverySummary } from "./deliver";
import { sendClock } from "./send-clock";
import type { ShardMessage } from "./shard-message";
import { shardSource } from "./shard-source";
import { LEASE_MS } from "./timing";

/** Sends at once in one worker, at most: enough to keep the whole rate going while SES answers in tens of milliseconds. */
export const SENDS_AT_ONCE = 32;

/**
 * Sends at once for a rate: about a fifth of a second's worth, so one worker alone could keep the
 * rate, and no more. A send waits for its time after its claim; at a slow rate more at once would
 * only hold claims longer, and leave more to finish after the worker stops claiming.
 */
export const sendsAtOnce = (rate: number) => Math.min(SENDS_AT_ONCE, Math.max(2, Math.ceil(rate / 5)));
/** Due entries a worker reads at a time (and takes from the pass's budget at once). */
export const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

export interface ShardOptions {
  /** time left before the worker must end (a Lambda's remaining time); unlimited when absent */
  remainingMs?: () => number;
  /** stop claiming when less than this is left, of the remaining time or before the pass's deadline */
  reserveMs?: number;
  concurrency?: number;
  /** how long a claim holds (default LEASE_MS) */
  leaseMs?: number;
  pageSize?: number;
  /** the worker's clock (epoch ms): the deadline and the send clock are on it */
  wallClock?: () => number;
}

export interface ShardSummary extends DeliverySummary {
  shard: string;
  /** the message came after its pass's deadline and was dropped unread */
  stale: boolean;
  /** writes to the send clock, and send times missed and given up */
  bookings: number;
  givenUp: number;
}

/**
 * What one shard worker does with one message: pages through its shard of the due index (one
 * page at a time, from a cursor) and sends up to its share, claim → send → commit, paced by the
 * send clock every worker shares and spending from the pass's budget. A message delivered twice
 * (SQS delivers at least once), or a second planner's, only finds the entries the first claimed
 * or committed: the leases make each send happen once. A message past its deadline does nothing.
 */
export async function runShard(ctx: Context, message: ShardMessage, options: ShardOptions = {}): Promise<ShardSummary> {
  const wall = options.wallClock ?? Date.now;
  const baseUrl = ctx.publicUrl ?? ctx.apiUrl;
  if (!baseUrl) throw new Error("The sender needs the API's URL (link the Api, or a PublicUrl)");
  const empty = { shard: message.shard, sent: 0, failed: 0, skipped: 0, deferred: 0, bookings: 0, givenUp: 0 };
  if (wall() >= message.deadline) {
    log("shard_stale", { pass: message.pass, shard: message.shard, lateMs: wall() - message.deadline });
    return { ...empty, stale: true };
  }
  const started = wall();
  const remaining = options.remainingMs ?? (() => Number.POSITIVE_INFINITY);
  const reserve = options.reserveMs ?? 20_000;
  const concurrency = options.concurrency ?? sendsAtOnce(message.rate);
  const source = shardSource(ctx.store, message, options.pageSize ?? PAGE_SIZE, concurrency);
  const clock = sendClock(ctx.store, message.rate, concurrency, { wallClock: wall, wanted: source.mayStillSend });
  let delivered: DeliverySummary;
  try {
    delivered = await deliver(source, {
      ctx,
      now: new Date(message.at),
      baseUrl,
      leaseMs: options.leaseMs ?? LEASE_MS,
      concurrency,
      pace: clock.pace,
      budget: () => Math.min(remaining(), message.deadline - wall()) >= reserve,
    });
  } finally {
    await source.close();
  }
  await ctx.store.addTally(message.pass, delivered, new Date(message.at + DAY_MS));
  log("shard_pass", { pass: message.pass, shard: message.shard, share: message.share, ...delivered, ...clock.stats, ms: wall() - started });
  return { ...empty, ...delivered, ...clock.stats, stale: false };
}
