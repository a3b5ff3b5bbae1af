import { SENDER_EVERY_MINUTES } from "../../functions/domain/sending/timing";
import { OVERDUE_PLAN_PATTERN, SEND_FAILED_PATTERN, SIGNUP_EMAIL_FAILED_PATTERN } from "./alarm-patterns";
import { api } from "./api";
import { config } from "./config";
import { logGroupOf } from "./log-groups";
import { shards, shardsFailed, shardWorkers, weeklyEmails } from "./weekly-emails";
import { emailEventsFailed, sesEvents } from "./ses-events";

/**
 * What watches unknot: every alarm notifies one topic, which emails `alarmEmail` (confirm the
 * subscription AWS sends). The README's runbook says what each alarm means and what to do;
 * `test/infra/alarms.test.ts` holds each one to a metric CloudWatch really has (and, for a metric
 * counted from log lines, to a line the code really logs).
 */
const alarms = new sst.aws.SnsTopic("Alarms");
if (config.alarmEmail) {
  new aws.sns.TopicSubscription("AlarmsEmail", { topic: alarms.arn, protocol: "email", endpoint: config.alarmEmail });
}

/** SES account reputation: AWS reviews an account at 5 % bounces / 0.1 % complaints; act well before. */
const REPUTATION = { bounceRate: 0.02, complaintRate: 0.0008 };

const HOUR = 3600;
const FIVE_MINUTES = 300;
/** one sender pass (the schedule's rate) */
const PASS = SENDER_EVERY_MINUTES * 60;
const notify = { alarmActions: [alarms.arn], okActions: [alarms.arn] };
const atLeastOnce = { statistic: "Sum", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1 } as const;

/** An alarm named for the app and stage, so its email says which deployment it is about. */
function alarm(name: string, description: string, args: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmDescription" | "name">) {
  const named = { name: `${$app.name}-${$app.stage}-${name}`, alarmDescription: description, treatMissingData: "notBreaching" };
  return new aws.cloudwatch.MetricAlarm(name, { ...named, ...notify, ...args });
}

/** This stage's own metrics, counted from log lines. */
const METRICS_NAMESPACE = `unknot/${$app.stage}`;

/**
 * A metric that counts the lines of one function's log that match a CloudWatch filter pattern
 * (infra/aws/alarm-patterns.ts), on the log group the function really writes to.
 */
function logMetric(filterName: string, fn: sst.aws.Function | $util.Output<sst.aws.Function>, pattern: string, metricName: string) {
  new aws.cloudwatch.LogMetricFilter(filterName, {
    logGroupName: logGroupOf(fn),
    pattern,
    metricTransformation: { name: metricName, namespace: METRICS_NAMESPACE, value: "1", defaultValue: "0" },
  });
  return { namespace: METRICS_NAMESPACE, metricName };
}

alarm("BounceRateAlarm", `SES bounce rate at or above ${REPUTATION.bounceRate * 100} %`, {
  namespace: "AWS/SES",
  metricName: "Reputation.BounceRate",
  statistic: "Maximum",
  period: HOUR,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: REPUTATION.bounceRate,
});

alarm("ComplaintRateAlarm", `SES complaint rate at or above ${REPUTATION.complaintRate * 100} %`, {
  namespace: "AWS/SES",
  metricName: "Reputation.ComplaintRate",
  statistic: "Maximum",
  period: HOUR,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: REPUTATION.complaintRate,
});

/** A message waits in a dead-letter queue: something failed every time it was tried. */
function deadLetterAlarm(name: string, description: string, queue: sst.aws.Queue) {
  alarm(name, description, {
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queue.nodes.queue.name },
    period: FIVE_MINUTES,
    evaluationPeriods: 1,
    ...atLeastOnce,
    statistic: "Maximum",
  });
}

deadLetterAlarm("EmailEventsFailedAlarm", "A bounce or complaint could not be recorded: it waits in the dead-letter queue", emailEventsFailed);
deadLetterAlarm("SenderShardsFailedAlarm", "A sender shard message failed every time it was received: it waits in the dead-letter queue", shardsFailed);

/** A shard message waits while every worker is busy; one that waited longer than a whole pass means they can't keep up, or don't run. */
alarm("SenderShardsBacklogAlarm", "A sender shard message waited longer than a whole pass for a worker", {
  namespace: "AWS/SQS",
  metricName: "ApproximateAgeOfOldestMessage",
  dimensions: { QueueName: shards.nodes.queue.name },
  statistic: "Maximum",
  period: FIVE_MINUTES,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: PASS,
});

// The site answers every fault with a page (web/app.tsx onError: status 500), so Lambda's Errors
// metric never sees one; the Function URL counts the 5xx answers, timeouts and crashes included.
alarm("ApiServerErrorsAlarm", "The signup site answered with a server error (5xx)", {
  namespace: "AWS/Lambda",
  metricName: "Url5xxCount",
  dimensions: { FunctionName: api.nodes.function.name },
  period: FIVE_MINUTES,
  evaluationPeriods: 1,
  ...atLeastOnce,
});

/** The shard workers, as SST made them for the queue's subscription. */
const shardWorker = shardWorkers.apply((subscriber) => subscriber.nodes.function);

// These throw when they fail (a planner that can't read the table, a worker whose shard it can't
// read, a notification that can't be recorded); a shard worker's failed send is logged instead
const throwing = { Sender: weeklyEmails.nodes.function, SenderShard: shardWorker, EmailEventsHandler: sesEvents.nodes.function };
for (const [name, fn] of Object.entries(throwing)) {
  alarm(`${name}ErrorsAlarm`, `The ${name} function failed`, {
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: fn.name },
    period: FIVE_MINUTES,
    evaluationPeriods: 1,
    ...atLeastOnce,
  });
}

/**
 * A pass that found emails due since before the previous pass was planned: they outlived a whole
 * pass (the quota share, the rate or the workers can't keep up). A morning peak the pass sends
 * never counts. Read from the planner's log.
 */
alarm("SenderDeferringAlarm", "A sender pass found emails due since before the previous pass: a backlog outlived a whole pass", {
  ...logMetric("SenderDeferredFilter", weeklyEmails.nodes.function, OVERDUE_PLAN_PATTERN, "SenderPassesOverdue"),
  period: PASS,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  ...atLeastOnce,
});

/** A send SES refused (access denied, account paused, identity not verified…): the pass goes on, the person waits. */
alarm("SendsFailingAlarm", "Emails could not be sent: SES refused them (the shard workers' send_failed log lines say why)", {
  ...logMetric("SendFailedFilter", shardWorker, SEND_FAILED_PATTERN, "SendsFailed"),
  period: PASS,
  evaluationPeriods: 1,
  ...atLeastOnce,
});

/**
 * A signup email SES refused (sandbox, paused account, an identity not verified): the signup page
 * answers as always, so this is the one sign. A new deployment whose SES can't send would
 * otherwise stay silent: nobody confirms, so no weekly email ever fails.
 */
alarm("SignupEmailsFailingAlarm", "Signup emails could not be sent: SES refused a confirmation or notice (the Api function's confirmation_failed and notice_failed log lines say why)", {
  ...logMetric("SignupEmailFailedFilter", api, SIGNUP_EMAIL_FAILED_PATTERN, "SignupEmailsFailed"),
  period: FIVE_MINUTES,
  evaluationPeriods: 1,
  ...atLeastOnce,
});
