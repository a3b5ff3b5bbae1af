/**
 * How the sender is timed, read by the deployed schedule (infra/aws/weekly-emails.ts), the local scheduler
 * and the sender itself, so the rule "a claim outlives the pass that made it" holds in one place.
 */

/** How often a sender pass starts, deployed (CronV2) and locally (croner). */
export const SENDER_EVERY_MINUTES = 15;

/** The sender Lambda's timeout: nearly the whole interval, so a long backlog drains at the SES rate. */
export const SENDER_TIMEOUT_MINUTES = 14;

/** Lambda concurrency the sender reserves (one pass at a time); npm run doctor checks the account has room for it. */
export const SENDER_RESERVED_CONCURRENCY = 1;

/**
 * How long a claim (lease) holds. Longer than the function may run, so a pass that is still
 * sending can't have its work claimed by the next one; a pass that dies mid-send leaves the
 * work to a later pass once the lease has run out.
 */
export const LEASE_MS = 15 * 60_000;

if (LEASE_MS <= SENDER_TIMEOUT_MINUTES * 60_000) throw new Error("The sender's lease must outlast its timeout");
