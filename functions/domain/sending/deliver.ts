import { randomUUID } from "node:crypto";
import type { Context } from "../context";
import * as lifecycle from "../subscriber/lifecycle";
import { NO_EPOCH } from "../links/links";
import { log } from "../log";
import type { DueEntry, OutgoingEmail } from "../ports";
import { claimEntry, type Claimed } from "./claimed";
import { retryDelay } from "./plan";

/** What became of the entries handed to `deliver`. */
export interface DeliverySummary {
  sent: number;
  /** sending failed; the claim was released so a later pass retries */
  failed: number;
  /** another pass had it, or it changed (unsubscribed, paused…) before it could be claimed */
  skipped: number;
  /** left for later: the budget said no more */
  deferred: number;
}

export interface Delivery {
  ctx: Context;
  /** the pass acts as if the clock read this */
  now: Date;
  /** where the links in the emails point */
  baseUrl: string;
  /** how long a claim holds; a worker that dies mid-send leaves the work to a later pass after this */
  leaseMs: number;
  /** sends at once */
  concurrency: number;
  /** waits until one more email may go out at the agreed rate */
  pace: () => Promise<void>;
  /** takes one email from what may still be sent now (time left, quota share); false: defer the rest */
  budget: () => boolean | Promise<boolean>;
}

const THROTTLE_RETRIES = 4;

const isThrottling = (error: unknown) =>
  error instanceof Error && (error.name === "Throttling" || /rate exceeded/i.test(error.message));

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/**
 * Claim → send → commit for one page of due entries. Each due subscriber is claimed with a
 * conditional write (a lease naming the week), that week (or the one follow-up) is sent, then
 * committed (advance the week, drop the lease) on the same lease. Overlapping workers cannot both claim; a failed send
 * releases the claim; a pause, unsubscribe or bounce meanwhile leaves the claim in place, so the
 * commit still records what went out; only a crash between send and commit can repeat an email,
 * once the lease has run out.
 */
export async function deliver(entries: readonly DueEntry[], d: Delivery): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, failed: 0, skipped: 0, deferred: 0 };
  const { ctx, now } = d;
  const at = now.getTime();
  const queue = [...entries];
  let stopped = false;

  const send = async (email: OutgoingEmail) => {
    for (let attempt = 0; ; attempt++) {
      await d.pace();
      try {
        return await ctx.mailer.send(email);
      } catch (error) {
        if (!isThrottling(error) || attempt >= THROTTLE_RETRIES) throw error;
        await sleep(100 * 2 ** attempt + Math.random() * 100);
      }
    }
  };

  /**
   * Records the email that went out. Still where the claim found them: the next week is
   * scheduled, or the program (or the follow-up) completed, with its retention clock started.
   * Paused, unsubscribed or suppressed meanwhile: only the record, so that email is never sent
   * again and their schedule (a pause's end, or none at all) stands. Each write holds only for
   * this lease.
   */
  const commit = async (job: Claimed, week: number, leaseId: string, messageId: string) => {
    const sent = { week, template: job.template, at: now.toISOString(), messageId };
    // the epoch the email's links carried: the claimed item's, even if its links were signed out meanwhile
    const delivered = { sent, mailedEpoch: job.subscriber.linkEpoch ?? NO_EPOCH };
    const carriedOn = await ctx.store.update(job.subscriber.pk, ...job.recorded(delivered));
    return carriedOn ?? ctx.store.update(job.subscriber.pk, ...lifecycle.recordSent(delivered, leaseId));
  };

  /** Gives a failed send back, due again after a back-off; someone who paused or left meanwhile keeps their schedule. */
  const release = async (subscriber: Claimed["subscriber"], leaseId: string) => {
    const failures = (subscriber.sendFailures ?? 0) + 1;
    const retried = await ctx.store.update(subscriber.pk, ...lifecycle.release(leaseId, failures, at + retryDelay(failures)));
    return retried ?? ctx.store.update(subscriber.pk, ...lifecycle.dropClaim(leaseId));
  };

  const work = async (entry: DueEntry) => {
    if (stopped || !(await d.budget())) {
      stopped = true;
      summary.deferred++;
      return;
    }
    const leaseId = randomUUID();
    const job = await claimEntry(ctx, entry, leaseId, now, d.baseUrl, d.leaseMs);
    if (!job) {
      summary.skipped++;
      return;
    }
    const { subscriber } = job;
    let messageId: string;
    try {
      messageId = await send(job.email());
    } catch (error) {
      summary.failed++;
      log("send_failed", { subscriber: subscriber.pk, week: entry.week, error: (error as Error).name }, "error");
      await release(subscriber, leaseId);
      return;
    }
    summary.sent++;
    try {
      const committed = await commit(job, entry.week, leaseId, messageId);
      if (!committed) log("commit_skipped", { subscriber: subscriber.pk, week: entry.week });
    } catch (error) {
      // the one duplicate window: sent but not recorded; the lease runs out and a later pass resends
      log("commit_failed", { subscriber: subscriber.pk, week: entry.week, error: (error as Error).name }, "error");
    }
  };

  const workers = Array.from({ length: d.concurrency }, async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) await work(entry);
  });
  await Promise.all(workers);
  return summary;
}
