import { DEFERRED_PASS_PATTERN } from "./alarm-patterns";
import { api } from "./api";
import { config } from "./config";
import { weeklyEmails } from "./weekly-emails";
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

const functions = {
  Api: api.nodes.function,
  Sender: weeklyEmails.nodes.function,
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

/** Four deferring passes in a row (an hour): the quota or the time budget keeps running out. */
const METRICS_NAMESPACE = `unknot/${$app.stage}`;

new aws.cloudwatch.LogMetricFilter("SenderDeferredFilter", {
  logGroupName: $interpolate`/aws/lambda/${weeklyEmails.nodes.function.name}`,
  pattern: DEFERRED_PASS_PATTERN,
  metricTransformation: { name: "SenderPassesDeferring", namespace: METRICS_NAMESPACE, value: "1", defaultValue: "0" },
});

alarm("SenderDeferringAlarm", "Every sender pass for an hour left due emails for later", {
  namespace: METRICS_NAMESPACE,
  metricName: "SenderPassesDeferring",
  statistic: "Sum",
  period: 900,
  evaluationPeriods: 4,
  datapointsToAlarm: 4,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: 1,
});
