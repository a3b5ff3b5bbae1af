import {
  PLANNER_TIMEOUT_SECONDS,
  DEAD_LETTER_RETENTION_MINUTES,
  SENDER_EVERY_MINUTES,
  SHARD_MAX_RECEIVES,
  SHARD_RETENTION_MINUTES,
  SHARD_VISIBILITY_MINUTES,
  SHARD_WORKER_TIMEOUT_MINUTES,
} from "../../functions/domain/sending/timing";
import { api } from "./api";
import { config } from "./config";
import { email } from "./mail-identity";
import { tableAccess } from "./permissions";
import { publicUrlLink } from "./public-url";
import { runtime } from "./runtime";
import { linkKey, linkKeyPrevious, tokenKey } from "./secrets";
import { settings } from "./settings";
import { table } from "./storage";

/**
 * The weekly emails, fanned out on AWS's own engine: every 15 minutes a planner puts one message
 * per due-index shard on a queue, and the queue's event source mapping runs a worker per message,
 * at most `maxSendWorkers` at once. The timings (functions/domain/sending/timing.ts) keep a
 * worker's claims longer than it runs, the queue hiding a message as long as its worker runs,
 * and a failing message around long enough to reach the dead-letter queue.
 */

/** Where a shard message goes after failing SHARD_MAX_RECEIVES times (one the worker couldn't read): 14 days, and an alarm. */
export const shardsFailed = new sst.aws.Queue("SenderShardsFailed", {
  transform: { queue: { messageRetentionSeconds: DEAD_LETTER_RETENTION_MINUTES * 60 } },
});

/** One message per shard per pass; past its pass's deadline a message is worthless, so it is kept an hour. */
export const shards = new sst.aws.Queue("SenderShards", {
  visibilityTimeout: `${SHARD_VISIBILITY_MINUTES} minutes`,
  dlq: { queue: shardsFailed.arn, retry: SHARD_MAX_RECEIVES },
  transform: { queue: { messageRetentionSeconds: SHARD_RETENTION_MINUTES * 60 } },
});

/**
 * The planner. No reserved concurrency (an account with the default limit of 10 refuses one)
 * and no retries: a late pass would only overlap the next, which plans whatever is still due.
 */
// "Sender" is the deployed name (SenderHandler, its alarms and log group): renaming it would replace them
export const weeklyEmails = new sst.aws.CronV2("Sender", {
  schedule: `rate(${SENDER_EVERY_MINUTES} minutes)`,
  function: {
    handler: "functions/handlers/sender-plan.handler",
    runtime,
    timeout: `${PLANNER_TIMEOUT_SECONDS} seconds`,
    // the queue is linked for its URL only (infra/aws/permissions.ts); no keys, no SES identity: it sends nothing
    link: [table, settings, shards],
    // GetItem: the signup emails counted in the last day (functions/domain/signup/limits.ts); UpdateItem: the pass's budget; Query: the shards' counts
    permissions: [
      ...tableAccess(table, ["GetItem", "UpdateItem"], { index: true }),
      { actions: ["ses:GetSendQuota"], resources: ["*"] },
      { actions: ["sqs:SendMessage"], resources: [shards.arn] },
    ],
    retries: 0,
    transform: { eventInvokeConfig: { maximumEventAgeInSeconds: 60 } },
  },
});

/**
 * The shard workers: one message a batch (one invocation, one shard), failures reported per
 * message, at most `maxSendWorkers` running (the mapping's maximum concurrency; the queue keeps
 * the rest until one is free).
 */
export const shardWorkers = shards.subscribe(
  {
    // named, so its function and log group have names the runbook can give
    name: `${$app.name}-${$app.stage}-SenderShard`,
    handler: "functions/handlers/sender-shard.handler",
    runtime,
    timeout: `${SHARD_WORKER_TIMEOUT_MINUTES} minutes`,
    // the API is linked for its URL only (infra/aws/permissions.ts): links in the emails point there unless a custom domain is set
    link: [table, email, tokenKey, linkKey, linkKeyPrevious, settings, api, ...publicUrlLink],
    // Query: a page of its shard; UpdateItem: claims, commits, the budget, the send clock, the tally; GetItem: what is left of the budget
    permissions: tableAccess(table, ["GetItem", "UpdateItem"], { index: true }),
  },
  {
    batch: { size: 1, partialResponses: true },
    transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: config.maxSendWorkers } } },
  },
);
