import { SENDER_EVERY_MINUTES } from "../../functions/domain/sending/timing";
import { OVERDUE_PLAN_PATTERN } from "./alarm-patterns";
import { api } from "./api";
import { config } from "./config";
import { shards, shardsFailed, shardWorkers, weeklyEmails } from "./weekly-emails";
import { emailEventsFailed, sesEvents } from "./ses-events";

/**
 * What watches unknot: every alarm notifies one topic, which emails `alarmEmail` (confirm the
 * subscription AWS sends). The README's runbook says what each alarm means and what to do.
 */
const alarms = new sst.aws.SnsTopic("Alarms");
if (config.alarmEmail) {
  new aws.sns.TopicSubscription("AlarmsEmail", { topic: alarms.arn, protocol: "email", endpoint: config.alarmEmail });
}

/** SES account reputation: AWS reviews an account at 5 % bounces / 0.1 % complaints; act well before. */
const REPUTATION = { bounceRate: 0.02, complaintRate: 0.0008 };

const HOUR = 3600;
const notify = { alarmActions: [alarms.arn], okActions: [alarms.arn] };

/** An alarm named for the app and stage, so its email says which deployment it is about. */
function alarm(name: string, description: string, args: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmDescription" | "name">) {
  const named = { name: `${$app.name}-${$app.stage}-${name}`, alarmDescription: description, treatMissingData: "notBreaching" };
  return new aws.cloudwatch.MetricAlarm(name, { ...named, ...notify, ...args });
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

alarm("EmailEventsFailedAlarm", "A bounce or complaint could not be recorded: it waits in the dead-letter queue", {
  namespace: "AWS/SQS",
  metricName: "ApproximateNumberOfMessagesVisible",
  dimensions: { QueueName: emailEventsFailed.nodes.queue.name },
  statistic: "Maximum",
  period: 300,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: 1,
});

alarm("SenderShardsFailedAlarm", "A sender shard message failed every time it was received: it waits in the dead-letter queue", {
  namespace: "AWS/SQS",
  metricName: "ApproximateNumberOfMessagesVisible",
  dimensions: { QueueName: shardsFailed.nodes.queue.name },
  statistic: "Maximum",
  period: 300,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: 1,
});

/** A shard message waits while every worker is busy; one that waited longer than a whole pass means they can't keep up, or don't run. */
alarm("SenderShardsBacklogAlarm", "A sender shard message waited longer than a whole pass for a worker", {
  namespace: "AWS/SQS",
  metricName: "ApproximateAgeOfOldestMessage",
  dimensions: { QueueName: shards.nodes.queue.name },
  statistic: "Maximum",
  period: 300,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: SENDER_EVERY_MINUTES * 60,
});

const functions = {
  Api: api.nodes.function,
  Sender: weeklyEmails.nodes.function,
  SenderShard: shardWorkers.apply((subscriber) => subscriber.nodes.function),
  EmailEventsHandler: sesEvents.nodes.function,
};
for (const [name, fn] of Object.entries(functions)) {
  alarm(`${name}ErrorsAlarm`, `The ${name} function failed`, {
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: fn.name },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
  });
}

/**
 * A pass that found emails due since before the previous pass was planned: they outlived a whole
 * pass (the quota share, the rate or the workers can't keep up). A morning peak the pass drains
 * never counts; the planner's own log group is read (SST names it apart from the function).
 */
const METRICS_NAMESPACE = `unknot/${$app.stage}`;

new aws.cloudwatch.LogMetricFilter("SenderDeferredFilter", {
  logGroupName: weeklyEmails.nodes.function
    .apply((fn) => fn.nodes.logGroup)
    .apply((group) => {
      if (!group) throw new Error("The sender's planner has no log group of its own to watch");
      return group.name;
    }),
  pattern: OVERDUE_PLAN_PATTERN,
  metricTransformation: { name: "SenderPassesOverdue", namespace: METRICS_NAMESPACE, value: "1", defaultValue: "0" },
});

alarm("SenderDeferringAlarm", "A sender pass found emails due since before the previous pass: a backlog outlived a whole pass", {
  namespace: METRICS_NAMESPACE,
  metricName: "SenderPassesOverdue",
  statistic: "Sum",
  period: SENDER_EVERY_MINUTES * 60,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: 1,
});
