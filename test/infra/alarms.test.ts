import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPass } from "../../functions/domain/sending/pass";
import { setLogSink } from "../../functions/domain/log";
import { edge } from "../support/fuzz";
import { filterMatches, filterRegex, lambdaTextLine, REGEX_FILTERS_PER_LOG_GROUP } from "../support/filter-pattern";
import { startMemoryStack, type MemoryStack } from "../support/memory-stack";
import { postForm } from "../support/http";
import { confirmedSubscriber } from "../support/people";
import { dueSubscribers } from "../support/seed";
import { hasPlatform, infraSuite, one, runProgram, type Recorded } from "../support/sst-program";

/**
 * Every alarm can fire. An alarm on a metric CloudWatch doesn't have, or with dimensions the
 * metric isn't published with, waits in "insufficient data" for ever, silently; one on a log
 * metric whose filter never matches a line the code writes sits at 0. So each alarm the program
 * declares has a row here: the metric, its dimensions and the AWS page that says it exists with
 * them; or, for this app's own metrics, the function whose log the filter reads and a line the
 * real code writes when the alarm's condition is met (and one it writes when it isn't).
 */

type Lines = { fires: string; quiet: string };

interface AwsMetric {
  namespace: string;
  metric: string;
  dimensions: string[];
  /** the AWS page listing the metric with these dimensions */
  doc: string;
}
interface LogMetric {
  /** the function (its LogGroup resource in the program) whose log the filter reads */
  logGroup: string | RegExp;
  /** the real code: a log line when the alarm's condition is met, and one when it isn't */
  lines: () => Promise<Lines>;
}

const LAMBDA_METRICS = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html";
const URL_METRICS = "https://docs.aws.amazon.com/lambda/latest/dg/urls-monitoring.html";
const SQS_METRICS = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html";
const SES_REPUTATION = "https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-cloudwatch-alarm.html";

let stack: MemoryStack;
let lines: Array<{ level: "info" | "error"; line: string }> = [];

/** What the code logs while `act` runs, each line as Lambda's text format writes it to CloudWatch. */
async function logged(act: () => Promise<unknown>, event: string): Promise<string> {
  lines = [];
  await act();
  const found = lines.find((l) => l.line.includes(`"event":"${event}"`));
  if (!found) throw new Error(`the code logged no ${event} line`);
  return lambdaTextLine(found.level, found.line);
}

const ALARMS: Record<string, AwsMetric | LogMetric> = {
  BounceRateAlarm: { namespace: "AWS/SES", metric: "Reputation.BounceRate", dimensions: [], doc: SES_REPUTATION },
  ComplaintRateAlarm: { namespace: "AWS/SES", metric: "Reputation.ComplaintRate", dimensions: [], doc: SES_REPUTATION },
  EmailEventsFailedAlarm: { namespace: "AWS/SQS", metric: "ApproximateNumberOfMessagesVisible", dimensions: ["QueueName"], doc: SQS_METRICS },
  ApiServerErrorsAlarm: { namespace: "AWS/Lambda", metric: "Url5xxCount", dimensions: ["FunctionName"], doc: URL_METRICS },
  SenderErrorsAlarm: { namespace: "AWS/Lambda", metric: "Errors", dimensions: ["FunctionName"], doc: LAMBDA_METRICS },
  EmailEventsHandlerErrorsAlarm: { namespace: "AWS/Lambda", metric: "Errors", dimensions: ["FunctionName"], doc: LAMBDA_METRICS },
  SenderShardErrorsAlarm: { namespace: "AWS/Lambda", metric: "Errors", dimensions: ["FunctionName"], doc: LAMBDA_METRICS },
  SenderShardsFailedAlarm: { namespace: "AWS/SQS", metric: "ApproximateNumberOfMessagesVisible", dimensions: ["QueueName"], doc: SQS_METRICS },
  SenderShardsBacklogAlarm: { namespace: "AWS/SQS", metric: "ApproximateAgeOfOldestMessage", dimensions: ["QueueName"], doc: SQS_METRICS },
  SenderDeferringAlarm: {
    logGroup: "SenderHandlerLogGroup",
    lines: async () => {
      const PASS = 15 * 60_000;
      const due = async (at: number, count: number, prefix: string) =>
        stack.put(dueSubscribers(stack.context.key, prefix, count, at, { dueAt: at }));
      // a morning peak the pass sends: the next planner finds nothing left over
      const peak = Date.now() + 86_400_000;
      await due(peak, 60, "peak");
      await runPass(stack.context, { now: new Date(peak), maxRate: 1000 });
      const quiet = await logged(() => runPass(stack.context, { now: new Date(peak + PASS), maxRate: 1000 }), "sender_plan");
      // a backlog: the program's share of the quota leaves room for 2 of 6 in the first pass
      const backlog = peak - 3 * 3_600_000;
      await due(backlog, 6, "backlog");
      stack.mail.options.quota = { max24HourSend: 100, sentLast24Hours: 78, maxSendRate: 14 };
      await runPass(stack.context, { now: new Date(backlog) });
      stack.mail.options.quota = { max24HourSend: 100, sentLast24Hours: 80, maxSendRate: 14 };
      const fires = await logged(() => runPass(stack.context, { now: new Date(backlog + PASS) }), "sender_plan");
      stack.mail.options.quota = undefined;
      expect(JSON.parse(quiet.split("\t")[3]!)).toMatchObject({ due: 0, overdue: 0 });
      expect(JSON.parse(fires.split("\t")[3]!)).toMatchObject({ due: 4, overdue: 4 });
      return { fires, quiet };
    },
  },
  SendsFailingAlarm: {
    // the shard workers send, so they log what SES refused
    logGroup: /^SenderShardsSubscriber\w+FunctionLogGroup$/,
    lines: async () => {
      const at = Date.now() + 1000;
      await confirmedSubscriber(stack, "refused@example.com");
      stack.mail.options.quota = undefined;
      // what SES answers a role that may not send as the identity (or any refusal): the pass goes on
      stack.mail.failNext(1, () => Object.assign(new Error("User is not authorized to perform ses:SendRawEmail"), { name: "AccessDenied" }));
      const fires = await logged(() => runPass(stack.context, { now: new Date(at) }), "send_failed");
      // the next pass after the back-off sends it, and logs no failure
      const quiet = await logged(() => runPass(stack.context, { now: new Date(at + 60 * 60_000) }), "shard_pass");
      expect(quiet).toMatch(/"sent":1,"failed":0/);
      return { fires, quiet };
    },
  },
  SignupEmailsFailingAlarm: {
    // the site sends the confirmation while the person waits, and answers the same page either way
    logGroup: "ApiLogGroup",
    lines: async () => {
      const signUp = (email: string) => postForm(`${stack.url}/subscribe`, { email, consent: "yes", tz: "Europe/Berlin", website: "" });
      // what a sandboxed account answers for an address nobody verified
      stack.mail.failNext(1, () => Object.assign(new Error("Email address is not verified."), { name: "MessageRejected" }));
      const fires = await logged(async () => expect((await signUp("not-verified@example.com")).status).toBe(200), "confirmation_failed");
      const quiet = await logged(async () => expect((await signUp("verified@example.com")).status).toBe(200), "request");
      expect(await stack.mailTo("verified@example.com")).toHaveLength(1);
      expect(await stack.mailTo("not-verified@example.com")).toHaveLength(0);
      return { fires, quiet };
    },
  },
};

describe.skipIf(!hasPlatform)(infraSuite("every alarm, on a metric that exists and can move"), () => {
  let resources: Recorded[];
  const alarms = () => resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "unknot-config-"));
    const production = { sender: "example.com", fromAddress: "coach@example.com", postalAddress: "Physio Clinic, 4 Mill Lane, Leeds LS1 4AB", alarmEmail: "ops@example.com", brand: { privacyUrl: "https://example.com/privacy" } };
    writeFileSync(join(dir, "unknot.config.json"), JSON.stringify({ production }));
    ({ resources } = await runProgram("production", join(dir, "unknot.config.json")));
    stack = await startMemoryStack();
    setLogSink((line, level) => void lines.push({ line, level }));
  }, 120_000);
  afterAll(async () => {
    setLogSink();
    await stack?.stop();
  });

  it("has a row for each alarm the program declares, and an alarm for each row", () => {
    expect(alarms().map((a) => a.name).sort()).toEqual(Object.keys(ALARMS).sort());
  });

  for (const [name, row] of Object.entries(ALARMS)) {
    if ("namespace" in row) {
      it(`${name}: ${row.namespace} ${row.metric} by ${row.dimensions.join(", ") || "no dimension"} (${row.doc})`, () => {
        const alarm = one(resources, "aws:cloudwatch/metricAlarm:MetricAlarm", name).inputs;
        expect({ namespace: alarm.namespace, metric: alarm.metricName }).toEqual({ namespace: row.namespace, metric: row.metric });
        expect(Object.keys(alarm.dimensions ?? {}).sort()).toEqual(row.dimensions);
      });
    } else {
      it(`${name}: counted from ${row.logGroup}'s lines; a line the code writes when it should fire matches, one when it shouldn't doesn't`, async () => {
        const alarm = one(resources, "aws:cloudwatch/metricAlarm:MetricAlarm", name).inputs;
        const filter = resources.find(
          (r) =>
            r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter" &&
            r.inputs.metricTransformation.namespace === alarm.namespace &&
            r.inputs.metricTransformation.name === alarm.metricName,
        );
        expect(filter, `no log filter makes ${alarm.namespace} ${alarm.metricName}`).toBeDefined();
        expect(filter!.inputs.logGroupName).toBe(one(resources, "aws:cloudwatch/logGroup:LogGroup", row.logGroup).inputs.name);
        expect(() => filterRegex(filter!.inputs.pattern)).not.toThrow();
        const { fires, quiet } = await row.lines();
        expect(filterMatches(filter!.inputs.pattern, fires), fires).toBe(true);
        expect(filterMatches(filter!.inputs.pattern, quiet), quiet).toBe(false);
      });
    }
  }

  it("ApiServerErrorsAlarm: a fault behind the site is a 5xx answer from the Lambda (what Url5xxCount counts), not a thrown error", async () => {
    const store = stack.context.store;
    stack.context.store = { ...store, get: () => Promise.reject(Object.assign(new Error("Requested resource not found"), { name: "ResourceNotFoundException" })) };
    try {
      const send = edge(stack, stack.app, stack.handler);
      const body = new TextEncoder().encode(new URLSearchParams({ email: "fault@example.com", consent: "yes", tz: "Europe/Berlin", website: "" }).toString());
      const answer = await send({ method: "POST", path: "/subscribe", contentType: "application/x-www-form-urlencoded", body }, "lambda");
      expect(answer.status).toBe(500);
    } finally {
      stack.context.store = store;
    }
  });

  it(`keeps at most ${REGEX_FILTERS_PER_LOG_GROUP} regex filters on any log group, CloudWatch's quota`, () => {
    const perGroup = new Map<string, number>();
    for (const f of resources.filter((r) => r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter" && /^%.*%$/.test(r.inputs.pattern))) {
      perGroup.set(f.inputs.logGroupName, (perGroup.get(f.inputs.logGroupName) ?? 0) + 1);
    }
    for (const [group, count] of perGroup) expect(count, group).toBeLessThanOrEqual(REGEX_FILTERS_PER_LOG_GROUP);
  });
});
