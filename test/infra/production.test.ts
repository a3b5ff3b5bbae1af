import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { settingsSchema } from "../../functions/domain/settings";
import { storageSchema } from "../../functions/runtime/resources";
import pkg from "../../package.json";
import { OVERDUE_PLAN_PATTERN } from "../../infra/aws/alarm-patterns";
import { SHARD_MAX_RECEIVES, SHARD_WORKER_TIMEOUT_MINUTES } from "../../functions/domain/sending/timing";
import { ACCOUNT, hasPlatform, infraSuite, one, runProgram, statementsOf, type Recorded } from "../support/sst-program";

const production = {
  sender: "example.com",
  fromAddress: "coach@example.com",
  postalAddress: "Physio Clinic, 4 Mill Lane, Leeds LS1 4AB",
  alarmEmail: "ops@example.com",
  mailFromDomain: "mail.example.com",
  brand: { name: "Physio Clinic", privacyUrl: "https://example.com/privacy" },
};

describe.skipIf(!hasPlatform)(infraSuite("the production stack, as sst.config.ts declares it"), () => {
  let resources: Recorded[];
  let outputs: Record<string, unknown>;
  let app: { removal: string; protect: boolean };
  let links: Record<string, Record<string, any>>;
  const all = (type: string) => resources.filter((r) => r.type === type);
  /** SST names the queue's subscriber after a hash of the queue: its resources start with this */
  const WORKER = /^SenderShardsSubscriber\w+Function$/;
  const workerRole = () => one(resources, "aws:iam/role:Role", /^SenderShardsSubscriber\w+FunctionRole$/).name;
  const workerLinks = () => links[Object.keys(links).find((id) => WORKER.test(id))!]!;
  const shardsQueue = () => one(resources, "aws:sqs/queue:Queue", "SenderShardsQueue");

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "unknot-config-"));
    writeFileSync(join(dir, "unknot.config.json"), JSON.stringify({ production }));
    ({ resources, outputs, app, links } = await runProgram("production", join(dir, "unknot.config.json")));
  }, 120_000);

  it("gives each function only the table actions it uses, and nobody may invoke another function", () => {
    const actions = (role: string) => statementsOf(resources, role).flatMap((s) => s.actions).sort();
    expect(actions("ApiRole")).toEqual(
      ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "ses:GetSendQuota", "ses:SendRawEmail"].sort(),
    );
    // the planner counts, opens the pass's budget and queues the shards' work; it can't send an email
    expect(actions("SenderHandlerRole")).toEqual(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "ses:GetSendQuota", "sqs:SendMessage"].sort());
    // a shard worker reads its shard, claims, sends and commits, and takes its messages off the queue
    expect(actions(workerRole())).toEqual(
      [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
        "ses:SendRawEmail",
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ReceiveMessage",
      ].sort(),
    );
    for (const role of ["SenderHandlerRole", workerRole()]) {
      for (const statement of statementsOf(resources, role).filter((st) => st.actions.some((a) => a.startsWith("sqs:")))) {
        expect(statement.resources).toEqual([shardsQueue().state.arn]);
      }
    }
    expect(actions("EmailEventsSubscriberEmailEventsHandlerFunctionRole")).toEqual(
      ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "sqs:SendMessage"].sort(),
    );
    for (const role of all("aws:iam/role:Role").filter((r) => r.name.endsWith("FunctionRole") || r.name.endsWith("HandlerRole") || r.name === "ApiRole")) {
      for (const statement of statementsOf(resources, role.name)) {
        expect(statement.actions.some((a) => a.endsWith(":*") || a.startsWith("lambda:"))).toBe(false);
      }
    }
  });

  it("links each function to only what it reads, in the shapes functions/core reads them in", () => {
    const names = (fn: string) => Object.keys(links[fn] ?? {}).sort();
    expect(names("Api")).toEqual(["Email", "LinkKey", "LinkKeyPrevious", "Settings", "Subscribers", "TokenKey"]);
    expect(names("SenderHandler")).toEqual(["SenderShards", "Settings", "Subscribers"]);
    expect(Object.keys(workerLinks()).sort()).toEqual(["Api", "Email", "LinkKey", "LinkKeyPrevious", "Settings", "Subscribers", "TokenKey"]);
    expect(links.SenderHandler!.SenderShards).toMatchObject({ url: shardsQueue().state.url });
    expect(names("EmailEventsSubscriberEmailEventsHandlerFunction")).toEqual(["Settings", "Subscribers", "TokenKey"]);
    const api = links.Api!;
    // the keys in the shapes functions/runtime/resources.ts parses: a link key, and "none" until a rotation
    expect(z.parse(storageSchema, api)).toMatchObject({ LinkKey: { value: "l".repeat(32) }, LinkKeyPrevious: { value: "none" } });
    expect(z.parse(settingsSchema, api.Settings)).toMatchObject({
      postalAddress: production.postalAddress,
      fromAddress: production.fromAddress,
      brand: production.brand,
    });
    expect(api.Email).toMatchObject({ sender: production.sender, configSet: "unknot-production" });
    expect(workerLinks().Api).toMatchObject({ url: "https://apiurl.lambda-url.us-east-1.on.aws/" });
  });

  it("sends only through its configuration set, as this account's identities in its region (in the sandbox the verified recipients are identities too)", () => {
    const send = statementsOf(resources, workerRole()).find((s) => s.actions.includes("ses:SendRawEmail"))!;
    expect(send.resources.sort()).toEqual([
      `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/unknot-production`,
      `arn:aws:ses:us-east-1:${ACCOUNT}:identity/*`,
    ]);
    const table = one(resources, "aws:dynamodb/table:Table", "SubscribersTable");
    for (const role of ["SenderHandlerRole", workerRole()]) {
      const query = statementsOf(resources, role).find((s) => s.actions.includes("dynamodb:Query"))!;
      expect(query.resources).toEqual([`${table.state.arn}/index/*`]);
    }
  });

  it("keeps the SES identity on sst remove (another stage may send as it) and gives it no default configuration set", () => {
    const identity = one(resources, "aws:sesv2/emailIdentity:EmailIdentity", "EmailIdentity");
    expect(identity.retainOnDelete).toBe(true);
    expect(identity.inputs.configurationSetName).toBeUndefined();
  });

  it("opens the Function URL to anyone, with both permissions a public URL needs", () => {
    const permissions = all("aws:lambda/permission:Permission").filter((p) => p.name.startsWith("Api"));
    expect(permissions.map((p) => [p.inputs.action, p.inputs.principal]).sort()).toEqual([
      ["lambda:InvokeFunction", "*"],
      ["lambda:InvokeFunctionUrl", "*"],
    ]);
    expect(one(resources, "aws:lambda/functionUrl:FunctionUrl", "ApiUrl").inputs.authorizationType).toBe("NONE");
    expect(outputs.signupUrl).toBe("https://apiurl.lambda-url.us-east-1.on.aws/");
  });

  it("plans a pass every 15 minutes, with no reserved concurrency and no retries", () => {
    expect(one(resources, "aws:scheduler/schedule:Schedule", "SenderSchedule").inputs.scheduleExpression).toBe("rate(15 minutes)");
    const fn = one(resources, "aws:lambda/function:Function", "SenderHandlerFunction").inputs;
    expect(fn.timeout).toBe(60);
    // an account whose concurrency limit is 10 refuses any reserved concurrency
    expect(fn.reservedConcurrentExecutions).toBeUndefined();
    const invoke = one(resources, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "SenderHandlerEventInvokeConfig").inputs;
    expect(invoke.maximumRetryAttempts).toBe(0);
    // a pass held back by the concurrency limit is dropped, not run late on top of the next one
    expect(invoke.maximumEventAgeInSeconds).toBe(60);
  });

  it("runs a worker per shard message, one message at a time, failures per message, at most maxSendWorkers at once", () => {
    const worker = one(resources, "aws:lambda/function:Function", /^SenderShardsSubscriber\w+FunctionFunction$/).inputs;
    expect(worker.timeout).toBe(SHARD_WORKER_TIMEOUT_MINUTES * 60);
    expect(worker.reservedConcurrentExecutions).toBeUndefined();
    const mapping = one(resources, "aws:lambda/eventSourceMapping:EventSourceMapping", /^SenderShardsSubscriber\w+EventSourceMapping$/).inputs;
    expect(mapping).toMatchObject({
      eventSourceArn: shardsQueue().state.arn,
      batchSize: 1,
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: 4 },
    });
    const queue = shardsQueue().inputs;
    // Lambda refuses a mapping whose queue hides a message for less than the function may run
    expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(worker.timeout);
    expect(queue.messageRetentionSeconds).toBeGreaterThan(SHARD_MAX_RECEIVES * queue.visibilityTimeoutSeconds);
    expect(JSON.parse(queue.redrivePolicy)).toEqual({ deadLetterTargetArn: one(resources, "aws:sqs/queue:Queue", "SenderShardsFailedQueue").state.arn, maxReceiveCount: SHARD_MAX_RECEIVES });
  });

  it("builds the table from the one schema: key, sparse due index, TTL on expiresAt, point-in-time recovery, kept in production", () => {
    const table = one(resources, "aws:dynamodb/table:Table", "SubscribersTable");
    expect(table.inputs.hashKey).toBe("pk");
    expect(table.inputs.globalSecondaryIndexes).toEqual([
      expect.objectContaining({ name: "byDue", hashKey: "dueShard", rangeKey: "dueAt", projectionType: "INCLUDE", nonKeyAttributes: ["week"] }),
    ]);
    expect(table.inputs.ttl).toEqual({ attributeName: "expiresAt", enabled: true });
    expect(table.inputs.pointInTimeRecovery).toEqual({ enabled: true });
    expect(table.inputs.deletionProtectionEnabled).toBe(true);
    expect(table.retainOnDelete).toBe(true);
    expect(app).toMatchObject({ removal: "retain", protect: true });
  });

  it("runs every function on the Node that package.json's engines names", () => {
    const major = pkg.engines.node.match(/\d+/)![0];
    const functions = all("aws:lambda/function:Function");
    expect(functions).toHaveLength(4);
    for (const fn of functions) expect(fn.inputs.runtime).toBe(`nodejs${major}.x`);
  });

  it("publishes bounces and complaints to a topic only SES from this account, for this configuration set, may publish to", () => {
    const destination = one(resources, "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination", "EmailEventBounceComplaint");
    expect(destination.inputs.eventDestination.matchingEventTypes).toEqual(["BOUNCE", "COMPLAINT"]);
    const topic = one(resources, "aws:sns/topic:Topic", "EmailEventsTopic");
    expect(destination.inputs.eventDestination.snsDestination.topicArn).toBe(topic.state.arn);
    const policy = JSON.parse(one(resources, "aws:sns/topicPolicy:TopicPolicy", "EmailEventsPolicy").inputs.policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "ses.amazonaws.com" },
        Action: "SNS:Publish",
        Condition: {
          StringEquals: { "AWS:SourceAccount": ACCOUNT, "AWS:SourceArn": `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/unknot-production` },
        },
      }),
    ]);
  });

  it("names the bounce handler like the other functions, so its log group is where the README says", () => {
    const fn = one(resources, "aws:lambda/function:Function", "EmailEventsSubscriberEmailEventsHandlerFunctionFunction").inputs;
    expect(fn.name).toBe("unknot-production-EmailEventsHandler");
    expect(fn.loggingConfig.logGroup).toBe("/aws/lambda/unknot-production-EmailEventsHandler");
  });

  it("keeps a failed bounce or complaint in a dead-letter queue", () => {
    const invoke = one(resources, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "EmailEventsSubscriberEmailEventsHandlerFunctionEventInvokeConfig").inputs;
    expect(invoke.destinationConfig.onFailure.destination).toBe(one(resources, "aws:sqs/queue:Queue", "EmailEventsFailedQueue").state.arn);
  });

  it("alarms on reputation, the dead-letter queues, a shard backlog, 5xx answers, errors, failed sends, refused signup emails and a backlog that outlived a pass, all to the operator", () => {
    const alarms = Object.fromEntries(all("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [a.name, a.inputs]));
    expect(Object.keys(alarms).sort()).toEqual(
      [
        "ApiServerErrorsAlarm",
        "BounceRateAlarm",
        "ComplaintRateAlarm",
        "EmailEventsFailedAlarm",
        "EmailEventsHandlerErrorsAlarm",
        "SendsFailingAlarm",
        "SenderDeferringAlarm",
        "SenderErrorsAlarm",
        "SenderShardErrorsAlarm",
        "SenderShardsBacklogAlarm",
        "SenderShardsFailedAlarm",
        "SignupEmailsFailingAlarm",
      ].sort(),
    );
    expect(alarms.BounceRateAlarm).toMatchObject({ name: "unknot-production-BounceRateAlarm", threshold: 0.02 });
    expect(alarms.ComplaintRateAlarm).toMatchObject({ threshold: 0.0008 });
    const failedQueue = one(resources, "aws:sqs/queue:Queue", "SenderShardsFailedQueue").state.name;
    expect(alarms.SenderShardsFailedAlarm).toMatchObject({ metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: failedQueue } });
    // a message waits for a free worker: only one older than a whole pass is a backlog
    expect(alarms.SenderShardsBacklogAlarm).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: shardsQueue().state.name },
      comparisonOperator: "GreaterThanThreshold",
      threshold: 15 * 60,
    });
    expect(alarms.SenderShardErrorsAlarm).toMatchObject({ metricName: "Errors", dimensions: { FunctionName: "unknot-production-SenderShard" } });
    // a single pass that finds emails due since before the previous one is enough
    expect(alarms.SenderDeferringAlarm).toMatchObject({ period: 900, evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 1 });
    // each filter watches the log group SST made for the function that logs its line, not one named after the function
    const groups = (fn: string | RegExp) => one(resources, "aws:cloudwatch/logGroup:LogGroup", fn).inputs.name;
    const planner = one(resources, "aws:lambda/function:Function", "SenderHandlerFunction").inputs;
    expect(groups("SenderHandlerLogGroup")).not.toBe(`/aws/lambda/${planner.name}`);
    expect(one(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter", "SenderDeferredFilter").inputs).toMatchObject({
      pattern: OVERDUE_PLAN_PATTERN,
      logGroupName: groups("SenderHandlerLogGroup"),
    });
    // a failed send is logged where the sending is: by the shard workers
    expect(one(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter", "SendFailedFilter").inputs.logGroupName).toBe(
      groups(/^SenderShardsSubscriber\w+FunctionLogGroup$/),
    );
    // and a refused signup email by the site, which sends it while the person waits
    expect(one(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter", "SignupEmailFailedFilter").inputs.logGroupName).toBe(groups("ApiLogGroup"));
    const topic = one(resources, "aws:sns/topic:Topic", "AlarmsTopic");
    for (const alarm of Object.values(alarms)) expect(alarm.alarmActions).toEqual([topic.state.arn]);
    expect(one(resources, "aws:sns/topicSubscription:TopicSubscription", "AlarmsEmail").inputs).toMatchObject({ protocol: "email", endpoint: production.alarmEmail });
  });

  it("writes the DKIM, DMARC and MAIL FROM records in Route 53 and doesn't wait for verification", () => {
    const records = all("aws:route53/record:Record").map((r) => `${r.inputs.type} ${r.inputs.name}`);
    expect(records.sort()).toEqual(
      [
        "CNAME dkimone._domainkey.example.com",
        "CNAME dkimtwo._domainkey.example.com",
        "CNAME dkimthree._domainkey.example.com",
        "TXT _dmarc.example.com",
        "MX mail.example.com",
        "TXT mail.example.com",
      ].sort(),
    );
    expect(all("aws:ses/domainIdentityVerification:DomainIdentityVerification")).toEqual([]);
  });
});
