/**
 * How the sender is timed, read by the deployed schedule and queue (infra/aws/weekly-emails.ts),
 * the local stack and the sender itself, so the rules below hold in one place.
 */

/** How often a pass is planned, deployed (CronV2) and locally (croner). */
export const SENDER_EVERY_MINUTES = 15;

/** The planner reads counts and sends a few messages: a minute is plenty. */
export const PLANNER_TIMEOUT_SECONDS = 60;

/** How long after its planning a pass's workers may claim: then the next pass takes over. */
export const PASS_MINUTES = 14;

/** A shard worker's timeout: the whole of a pass, so a long shard drains at the SES rate. */
export const SHARD_WORKER_TIMEOUT_MINUTES = 14;

/**
 * How long a claim (lease) holds. Longer than a worker may run, so a worker that is still
 * sending can't have its work claimed by another; a worker that dies mid-send leaves the work to
 * a later pass once the lease has run out.
 */
export const LEASE_MS = 15 * 60_000;

/**
 * How long the queue hides a shard message from other workers once one has it: at least the
 * worker's timeout (Lambda refuses a shorter one), so no message is handed out twice while its
 * worker runs. A message back after this is past its deadline and is dropped unread.
 */
export const SHARD_VISIBILITY_MINUTES = 15;

/** How many times a shard message may be received before it goes to the dead-letter queue. */
export const SHARD_MAX_RECEIVES = 3;

/** How long a dead-letter queue keeps a message for the operator to look at: 14 days, the longest SQS allows. */
export const DEAD_LETTER_RETENTION_MINUTES = 14 * 24 * 60;

/** How long the queue keeps a shard message: long past its deadline, long enough to reach the dead-letter queue. */
export const SHARD_RETENTION_MINUTES = 60;

if (LEASE_MS <= SHARD_WORKER_TIMEOUT_MINUTES * 60_000) throw new Error("The sender's lease must outlast a worker's timeout");
if (SHARD_VISIBILITY_MINUTES < SHARD_WORKER_TIMEOUT_MINUTES) throw new Error("The queue must hide a message for as long as its worker may run");
if (PASS_MINUTES >= SENDER_EVERY_MINUTES) throw new Error("A pass must end before the next one is planned");
if (SHARD_RETENTION_MINUTES <= SHARD_MAX_RECEIVES * SHARD_VISIBILITY_MINUTES) {
  throw new Error("A failing shard message must be received often enough to reach the dead-letter queue before it expires");
}
