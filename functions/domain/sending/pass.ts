import { randomUUID } from "node:crypto";
import { defaultOrder } from "../../email/week-order";
import type { Context } from "../context";
import { linksFor } from "../links/links";
import type { SendQuota } from "../ports";
import { log } from "../log";
import { programBeforeWeek } from "../program/order";
import { tokenBucket } from "./rate-limit";
import { finishedExpiry } from "../program/retention";
import { nextWeeklySend } from "../program/schedule";
import { LEASE_MS } from "./timing";
import { signupEmailsInLastDay } from "../signup/limits";
import * as lifecycle from "../lifecycle/transitions";
import type { DueEntry } from "../ports";
import type { Subscriber } from "../subscriber/subscriber";
import { weeklyEmail } from "./weekly-email";

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

export interface PassSummary {
  /** scheduled at or before `now` when the pass looked */
  due: number;
  sent: number;
  /** sending failed; the claim was released so a later pass retries */
  failed: number;
  /** another pass had it, or it changed (unsubscribed, paused…) before it could be claimed */
  skipped: number;
  /** left for the next pass: the time budget or the operator's share of the SES quota ran out */
  deferred: number;
}

const THROTTLE_RETRIES = 4;

/** After a failed send: 15 minutes, then 30, 60… at most a day, so a stuck address isn't hammered. */
export function retryDelay(failures: number): number {
  return Math.min(15 * 60_000 * 2 ** (failures - 1), 86_400_000);
}

const isThrottling = (error: unknown) =>
  error instanceof Error && (error.name === "Throttling" || /rate exceeded/i.test(error.message));

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/** The SES quota, read once per pass. Without it the pass still runs, paced to the configured rate. */
async function readQuota(ctx: Context): Promise<SendQuota | undefined> {
  try {
    return await ctx.mailer.quota();
  } catch (error) {
    log("quota_unavailable", { error: (error as Error).name }, "error");
    return undefined;
  }
}

/**
 * One sender pass: claim each due subscriber with a conditional write (a lease naming the
 * week), send that week, then commit (advance the week, drop the lease) on the same lease.
 * Overlapping passes cannot both claim; a failed send releases the claim; a pause, unsubscribe
 * or bounce meanwhile leaves the claim in place, so the commit still records what went out;
 * only a crash between send and commit can repeat an email, once the lease has run out.
 */
export async function runPass(ctx: Context, options: PassOptions): Promise<PassSummary> {
  const started = Date.now();
  const now = options.now.getTime();
  const baseUrl = ctx.publicUrl ?? ctx.apiUrl;
  if (!baseUrl) throw new Error("The sender needs the API's URL (link the Api, or a PublicUrl)");
  const remaining = options.remainingMs ?? (() => Number.POSITIVE_INFINITY);
  const reserve = options.reserveMs ?? 20_000;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const quota = await readQuota(ctx);
  const rate = options.maxRate ?? Math.min(ctx.settings.maxSendRate, quota?.maxSendRate ?? Infinity);
  const bucket = tokenBucket(rate);
  // emails this pass may send before the program's own sends reach its share of the 24-hour
  // quota; signup emails (counted apart, with a budget of their own) don't use up that share
  let allowance =
    quota && quota.max24HourSend >= 0
      ? Math.floor(quota.max24HourSend * ctx.settings.quotaShare) -
        (quota.sentLast24Hours - (await signupEmailsInLastDay(ctx.store, options.now)))
      : Number.POSITIVE_INFINITY;

  const queue = await ctx.store.due(now, options.pageSize);
  const summary: PassSummary = { due: queue.length, sent: 0, failed: 0, skipped: 0, deferred: 0 };
  let stopped = false;

  const claim = (entry: DueEntry, leaseId: string) =>
    ctx.store.update(entry.pk, ...lifecycle.claim(entry.week, leaseId, now, now + leaseMs));

  const send = async (subscriber: Subscriber, week: number) => {
    const links = linksFor(ctx.linkKeys, baseUrl, subscriber, options.now);
    const email = weeklyEmail(subscriber, week, links, ctx.settings);
    for (let attempt = 0; ; attempt++) {
      await bucket.take();
      try {
        return await ctx.mailer.send(email);
      } catch (error) {
        if (!isThrottling(error) || attempt >= THROTTLE_RETRIES) throw error;
        await sleep(100 * 2 ** attempt + Math.random() * 100);
      }
    }
  };

  /**
   * Records the week that went out. In the program still: advance and schedule the next week.
   * Finished: completed, with its retention clock started. Paused, unsubscribed or suppressed
   * meanwhile: only the record, so that week is never sent again and their schedule (a pause's
   * end, or none at all) stands. Each write holds only for this pass's lease.
   */
  const commit = async (subscriber: Subscriber, week: number, leaseId: string, messageId: string) => {
    const program = subscriber.program ?? [];
    const sent = { week, template: program[week - 1] ?? "", at: options.now.toISOString(), messageId };
    const carriedOn =
      week >= program.length
        ? lifecycle.complete(sent, program, leaseId, finishedExpiry({ sent: [sent] }, ctx.settings.retentionMonths, options.now))
        : lifecycle.commit(sent, program, leaseId, nextWeeklySend(options.now, subscriber.tz, ctx.settings.sendHour).getTime());
    return (
      (await ctx.store.update(subscriber.pk, ...carriedOn)) ?? ctx.store.update(subscriber.pk, ...lifecycle.recordSent(sent, leaseId))
    );
  };

  /**
   * Gives a failed send back, due again after a back-off that doubles with each failure in a
   * row. Someone who paused or left meanwhile keeps their schedule; only the claim goes.
   */
  const release = async (subscriber: Subscriber, leaseId: string) => {
    const failures = (subscriber.sendFailures ?? 0) + 1;
    const retried = await ctx.store.update(subscriber.pk, ...lifecycle.release(leaseId, failures, now + retryDelay(failures)));
    return retried ?? ctx.store.update(subscriber.pk, ...lifecycle.dropClaim(leaseId));
  };

  const work = async (entry: DueEntry) => {
    if (stopped || remaining() < reserve || allowance <= 0) {
      stopped = true;
      summary.deferred++;
      return;
    }
    allowance--;
    const leaseId = randomUUID();
    const claimed = await claim(entry, leaseId);
    if (!claimed) {
      summary.skipped++;
      return;
    }
    // an urgent warning sign can change which week comes next
    const subscriber = { ...claimed, program: programBeforeWeek(defaultOrder, claimed, entry.week) };
    let messageId: string;
    try {
      messageId = await send(subscriber, entry.week);
    } catch (error) {
      summary.failed++;
      log("send_failed", { subscriber: subscriber.pk, week: entry.week, error: (error as Error).name }, "error");
      await release(subscriber, leaseId);
      return;
    }
    summary.sent++;
    try {
      const committed = await commit(subscriber, entry.week, leaseId, messageId);
      if (!committed) log("commit_skipped", { subscriber: subscriber.pk, week: entry.week });
    } catch (error) {
      // the one duplicate window: sent but not recorded; the lease runs out and a later pass resends
      log("commit_failed", { subscriber: subscriber.pk, week: entry.week, error: (error as Error).name }, "error");
    }
  };

  const workers = Array.from({ length: options.concurrency ?? 8 }, async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) await work(entry);
  });
  await Promise.all(workers);

  log("sender_pass", { at: options.now.toISOString(), ...summary, rate, ms: Date.now() - started });
  return summary;
}
