import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { CreateHostedZoneCommand, Route53Client } from "@aws-sdk/client-route-53";
import { CreateScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import {
  CreateConfigurationSetCommand,
  CreateConfigurationSetEventDestinationCommand,
  SESClient,
  VerifyDomainDkimCommand,
  VerifyDomainIdentityCommand,
} from "@aws-sdk/client-ses";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTableInput } from "../infra/dev/dynamo";
import { on, startAwsFront, type AwsFront, type Rule } from "./support/aws-front";
import { startMemoryStack, type MemoryStack } from "./support/memory-stack";
import { freePort } from "./support/stack";

/**
 * `npm run doctor` against moto (Python's AWS emulator, `moto_server`), before a deploy and the
 * way an operator runs it under `sst shell` after one, behind a fault-injecting front
 * (test/support/aws-front.ts): it injects what AWS does and moto can't (AccessDenied,
 * throttling, no answer, a dropped connection), answers what moto lacks (SES v2 GetAccount,
 * Lambda GetAccountSettings) and changes what moto can't be told (an identity's tags, an email
 * subscription still unconfirmed). Without moto the suite says it was skipped.
 */
const hasMoto = !spawnSync("moto_server", ["--help"]).error;
const run = promisify(execFile);

const SENDER = "example.com";
const TABLE = "unknot-production-Subscribers";
const CONFIG_SET = "unknot-production";
const ACCOUNT = "123456789012";
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const aws = () => ({ region: "eu-west-1", endpoint: motoUrl, credentials });

let moto: ChildProcess;
let front: AwsFront;
let motoUrl: string;
let site: MemoryStack;
let configFile: string;
let topics: { alarms: string; events: string };

/** What the account looks like beyond moto: the sandbox, the concurrency limit, the identity's tags. */
const account = { productionAccess: false, concurrency: 1000, identityTags: [] as { Key: string; Value: string }[], alarmConfirmed: true };

/** The front's standing answers, after any fault a test puts first. */
const standing: Rule[] = [
  {
    when: on("ses", "GetAccount"),
    answer: () => ({
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        ProductionAccessEnabled: account.productionAccess,
        SendingEnabled: true,
        SendQuota: account.productionAccess ? { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 0 } : { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
      }),
    }),
  },
  {
    when: on("lambda", "GetAccountSettings"),
    answer: () => ({
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ AccountLimit: { ConcurrentExecutions: account.concurrency, UnreservedConcurrentExecutions: account.concurrency } }),
    }),
  },
  {
    // moto keeps no tags on identities: SST's would be here
    when: on("ses", "GetEmailIdentity"),
    answer: async (_, upstream) => {
      const answer = await upstream();
      if (answer.status !== 200) return answer;
      return { ...answer, body: JSON.stringify({ ...JSON.parse(answer.body!), Tags: account.identityTags }) };
    },
  },
  {
    // moto confirms email subscriptions at once; AWS waits for the address to press the link
    when: on("sns", "ListSubscriptionsByTopic"),
    answer: async (_, upstream) => {
      const answer = await upstream();
      if (account.alarmConfirmed) return answer;
      const body = answer.body!.replace(/<member>[\s\S]*?<\/member>/g, (member) =>
        member.includes("<Protocol>email</Protocol>") ? member.replace(/<SubscriptionArn>[^<]*<\/SubscriptionArn>/, "<SubscriptionArn>PendingConfirmation</SubscriptionArn>") : member,
      );
      return { ...answer, body };
    },
  },
];

interface Run {
  deployed?: boolean;
  tokenKey?: string;
  linkKey?: string;
  apiUrl?: string;
  stage?: string;
  env?: Record<string, string>;
}

async function doctor({ deployed = true, tokenKey = "a-long-enough-id-deriving-key-0123", linkKey = "", apiUrl = site.url, stage, env = {} }: Run = {}) {
  const shell = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("SST_RESOURCE_") && !name.startsWith("AWS_")));
  const environment = {
    ...shell,
    UNKNOT_CONFIG: configFile,
    AWS_ENDPOINT_URL: front.url,
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    // what `sst shell --stage production` puts in the environment
    ...(deployed && {
      SST_RESOURCE_App: JSON.stringify({ name: "unknot", stage: "production" }),
      SST_RESOURCE_Subscribers: JSON.stringify({ name: TABLE }),
      SST_RESOURCE_Email: JSON.stringify({ sender: SENDER, configSet: CONFIG_SET }),
      SST_RESOURCE_TokenKey: JSON.stringify({ value: tokenKey }),
      SST_RESOURCE_LinkKey: JSON.stringify({ value: linkKey }),
      SST_RESOURCE_LinkKeyPrevious: JSON.stringify({ value: "none" }),
      SST_RESOURCE_Alarms: JSON.stringify({ arn: topics.alarms }),
      SST_RESOURCE_EmailEvents: JSON.stringify({ arn: topics.events }),
      SST_RESOURCE_Api: JSON.stringify({ name: "unknot-production-ApiFunction", url: apiUrl }),
    }),
    ...env,
  };
  const args = ["--import", "tsx", "infra/ops/doctor.ts", ...(stage ? ["--stage", stage] : [])];
  return run(process.execPath, args, { env: environment }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** One check's line, as its mark and what it says: "✘ …". */
const line = (stdout: string, name: string) => (stdout.split("\n").find((l) => l.includes(` ${name}: `)) ?? "").replace(` ${name}:`, "");
const marks = (stdout: string) => Object.fromEntries(stdout.split("\n").flatMap((l) => (/^[✔✘!–] /.test(l) ? [[l.slice(2).split(":")[0], l[0]]] : [])));

/** Everything a deploy of the production stage makes, in moto. */
async function deployEverything() {
  const ses = new SESClient(aws());
  await ses.send(new VerifyDomainIdentityCommand({ Domain: SENDER }));
  await ses.send(new VerifyDomainDkimCommand({ Domain: SENDER }));
  await ses.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: CONFIG_SET } }));
  await ses.send(
    new CreateConfigurationSetEventDestinationCommand({
      ConfigurationSetName: CONFIG_SET,
      EventDestination: { Name: "BounceComplaint", Enabled: true, MatchingEventTypes: ["bounce", "complaint"], SNSDestination: { TopicARN: topics.events } },
    }),
  );
  const db = new DynamoDBClient(aws());
  await db.send(new CreateTableCommand(createTableInput(TABLE)));
  await db.send(new UpdateTimeToLiveCommand({ TableName: TABLE, TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true } }));
  await new Route53Client(aws()).send(new CreateHostedZoneCommand({ Name: SENDER, CallerReference: "unknot" }));
  const handler = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:unknot-production-EmailEventsHandler`;
  await new SNSClient(aws()).send(new SubscribeCommand({ TopicArn: topics.events, Protocol: "lambda", Endpoint: handler }));
  await new SchedulerClient(aws()).send(
    new CreateScheduleCommand({
      Name: "unknot-production-SenderSchedule-abcdefgh",
      ScheduleExpression: "rate(15 minutes)",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: { Arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:unknot-production-SenderHandlerFunction`, RoleArn: `arn:aws:iam::${ACCOUNT}:role/unknot-production-SenderRole` },
    }),
  );
  account.productionAccess = true;
}

describe.skipIf(!hasMoto)(hasMoto ? "npm run doctor against moto" : "npm run doctor against moto (skipped: moto_server is not installed; pip install 'moto[server]')", () => {
  beforeAll(async () => {
    const port = await freePort();
    moto = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
    motoUrl = `http://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt++) {
      if (await fetch(motoUrl).then(() => true, () => false)) break;
      if (attempt > 100) throw new Error(`moto_server didn't start at ${motoUrl}`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
    front = await startAwsFront(motoUrl);
    site = await startMemoryStack();
    const dir = mkdtempSync(join(tmpdir(), "unknot-doctor-"));
    configFile = join(dir, "unknot.config.json");
    const production = {
      sender: SENDER,
      fromAddress: `coach@${SENDER}`,
      postalAddress: "Physio Clinic, 4 Mill Lane, Leeds",
      alarmEmail: `ops@${SENDER}`,
      brand: { privacyUrl: `https://${SENDER}/privacy` },
    };
    const tryStage = { ...production, emailDns: "manual" };
    writeFileSync(configFile, JSON.stringify({ production, try: tryStage }));
    const sns = new SNSClient(aws());
    topics = {
      alarms: (await sns.send(new CreateTopicCommand({ Name: "unknot-production-AlarmsTopic" }))).TopicArn!,
      events: (await sns.send(new CreateTopicCommand({ Name: "unknot-production-EmailEventsTopic" }))).TopicArn!,
    };
    await sns.send(new SubscribeCommand({ TopicArn: topics.alarms, Protocol: "email", Endpoint: `ops@${SENDER}` }));
  }, 60_000);
  beforeEach(() => {
    front.rules.splice(0, front.rules.length, ...standing);
  });
  afterAll(async () => {
    moto?.kill();
    await front?.close();
    await site?.stop();
  });

  it("before a deploy: names what is missing with its fix, and says how to check the rest afterwards", async () => {
    const { code, stdout } = await doctor({ deployed: false });
    expect(code).toBe(1);
    expect(line(stdout, "Settings")).toMatch(/^✔ stage "production", sender example\.com/);
    expect(line(stdout, "AWS credentials and region")).toMatch(/^✔ .*region eu-west-1/);
    expect(line(stdout, "SES sending limits")).toMatch(/^✘ still in the SES sandbox .*Request production access.*verify your own test addresses/);
    expect(line(stdout, "Lambda concurrency")).toMatch(/^✔ limit 1000/);
    expect(line(stdout, "Sender identity")).toMatch(/^✘ SES in eu-west-1 has no identity example\.com: npm run deploy creates it/);
    expect(line(stdout, "SES identity owner")).toMatch(/^✔ example\.com doesn't exist yet: npm run deploy creates it/);
    // emailDns route53: the deploy writes the records, it doesn't print them
    expect(line(stdout, "DKIM")).toMatch(/^✘ (not set up|NotStarted): npm run deploy writes the three CNAME records <token>\._domainkey\.example\.com to the Route 53 zone/);
    expect(line(stdout, "Route 53 hosted zone")).toMatch(/^✘ this account has no public Route 53 zone for example\.com: set "emailDns": "manual"/);
    expect(line(stdout, "SES configuration set")).toMatch(/^✔ unknot-production doesn't exist yet: npm run deploy creates it/);
    expect(line(stdout, "Subscribers table")).toBe("– not checked: after npm run deploy, run npx sst shell --stage production -- npm run doctor");
    expect(line(stdout, "Signup site")).toMatch(/^– not checked/);
  });

  it("after a deploy: names each missing piece, a short key as short, and an alarm subscription nobody confirmed", async () => {
    account.alarmConfirmed = false;
    const closed = await freePort();
    const { code, stdout } = await doctor({ tokenKey: "too-short", apiUrl: `http://127.0.0.1:${closed}/` });
    account.alarmConfirmed = true;
    expect(code).toBe(1);
    expect(line(stdout, "SES configuration set")).toMatch(/^✘ unknot-production is missing: npm run deploy creates it/);
    expect(line(stdout, "Subscribers table")).toMatch(/^✘ unknot-production-Subscribers is missing/);
    expect(line(stdout, "TokenKey secret")).toMatch(/^✘ set, but only 9 characters: the functions refuse a key under 16/);
    expect(line(stdout, "LinkKey secret")).toMatch(/^✘ not set: npx sst secret set LinkKey .* --stage production/);
    expect(line(stdout, "Alarm emails")).toMatch(/^✘ ops@example\.com hasn't confirmed the subscription, so no alarm reaches it: open the email from AWS Notifications/);
    expect(line(stdout, "Bounce and complaint handler")).toMatch(/^✘ nothing handles bounces and complaints/);
    expect(line(stdout, "Sender schedule")).toMatch(/^✘ no EventBridge schedule named unknot-production-…/);
    expect(line(stdout, "Signup site")).toBe(`✘ can't reach http://127.0.0.1:${closed}/health (ECONNREFUSED): npm run deploy, then try again`);
  });

  it("is all green once the identity is verified, the account has left the sandbox and the stack exists", async () => {
    await deployEverything();
    account.identityTags = [
      { Key: "sst:app", Value: "unknot" },
      { Key: "sst:stage", Value: "production" },
    ];
    const { code, stdout } = await doctor({ linkKey: "a-long-enough-link-signing-key-4567" });
    expect(stdout).not.toMatch(/^[✘!–]/m);
    expect(line(stdout, "Sender identity")).toMatch(/^✔ example\.com is verified/);
    expect(line(stdout, "SES identity owner")).toBe("✔ example.com was made by this stage");
    expect(line(stdout, "SES sending limits")).toMatch(/^✔ out of the sandbox: 50000 emails per 24 hours/);
    expect(line(stdout, "Route 53 hosted zone")).toMatch(/^✔ example\.com \(\w+\)/);
    expect(line(stdout, "Subscribers table")).toMatch(/^✔ .*byDue index and time to live on expiresAt/);
    expect(line(stdout, "Alarm emails")).toBe("✔ ops@example.com is subscribed and confirmed");
    expect(line(stdout, "Bounce and complaint handler")).toBe("✔ unknot-production-EmailEventsHandler receives them");
    expect(line(stdout, "Sender schedule")).toBe("✔ unknot-production-SenderSchedule-abcdefgh enabled");
    expect(line(stdout, "Signup site")).toMatch(/^✔ http:\/\/localhost:\d+\/health answers ok/);
    expect(stdout).toMatch(/All good\./);
    expect(code).toBe(0);
  });

  it("with SES answering AccessDenied: a ✘ line naming each SES permission, no stack trace, every other check still runs, exit 1", async () => {
    front.rules.unshift({ when: on("ses"), fault: "AccessDenied" });
    const { code, stdout, stderr } = await doctor({ linkKey: "a-long-enough-link-signing-key-4567" });
    expect(code).toBe(1);
    const permission = (action: string) => new RegExp(`^✘ the AWS credentials may not call ${action} \\(AccessDenied(Exception)?\\): allow ${action} for your IAM user or role`);
    expect(line(stdout, "SES sending limits")).toMatch(permission("ses:GetAccount"));
    expect(line(stdout, "Sender identity")).toMatch(permission("ses:GetIdentityVerificationAttributes"));
    expect(line(stdout, "SES identity owner")).toMatch(permission("ses:GetEmailIdentity"));
    expect(line(stdout, "DKIM")).toMatch(permission("ses:GetIdentityDkimAttributes"));
    expect(line(stdout, "From address")).toMatch(permission("ses:GetIdentityVerificationAttributes"));
    expect(line(stdout, "SES configuration set")).toMatch(permission("ses:DescribeConfigurationSet"));
    // everything that isn't SES still ran, and is fine
    const all = marks(stdout);
    for (const name of ["AWS credentials and region", "Lambda concurrency", "Route 53 hosted zone", "Subscribers table", "TokenKey secret", "LinkKey secret", "Alarm emails", "Bounce and complaint handler", "Sender schedule", "Signup site"]) {
      expect(all[name], name).toBe("✔");
    }
    expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at |Error:/);
    expect(stdout).toMatch(/6 to fix\./);
  });

  it("throttling, an endpoint that never answers and one that isn't there are each a ✘ line with the endpoint and the fix", async () => {
    front.rules.unshift({ when: on("lambda"), fault: "Throttling" }, { when: on("route53"), fault: "timeout" }, { when: on("dynamodb"), fault: "unreachable" });
    const { code, stdout, stderr } = await doctor({
      linkKey: "a-long-enough-link-signing-key-4567",
      env: { AWS_MAX_ATTEMPTS: "1", UNKNOT_AWS_TIMEOUT_MS: "1000", AWS_ENDPOINT_URL_SCHEDULER: "http://127.0.0.1:9" },
    });
    expect(code).toBe(1);
    expect(line(stdout, "Lambda concurrency")).toMatch(/^✘ AWS throttled lambda:GetAccountSettings \(TooManyRequestsException\): wait a minute and run npm run doctor again/);
    expect(line(stdout, "Route 53 hosted zone")).toBe(
      `✘ ${front.url} didn't answer route53:ListHostedZonesByName within 1 s: check your network, proxy or VPN, then run npm run doctor again`,
    );
    expect(line(stdout, "Subscribers table")).toMatch(/^✘ can't reach http:\/\/127\.0\.0\.1:\d+ for dynamodb:DescribeTable \((ECONNRESET|socket hang up)\)/);
    expect(line(stdout, "Sender schedule")).toMatch(/^✘ can't reach http:\/\/127\.0\.0\.1:9 for scheduler:ListSchedules \(ECONNREFUSED\)/);
    expect(line(stdout, "Sender identity")).toMatch(/^✔/);
    expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("flags an identity unknot didn't make, and names the stage that made one it did", async () => {
    account.identityTags = [];
    const clinic = await doctor();
    expect(line(clinic.stdout, "SES identity owner")).toMatch(
      /^! example\.com already exists in SES and wasn't made by unknot: npm run deploy uses it as it is and never changes or deletes it, so its DKIM, MAIL FROM and DNS records stay yours/,
    );
    account.identityTags = [
      { Key: "sst:app", Value: "unknot" },
      { Key: "sst:stage", Value: "production" },
    ];
    const other = await doctor({ deployed: false, stage: "try" });
    expect(line(other.stdout, "SES identity owner")).toBe('✔ made by stage "production": this stage sends as it and leaves it to that stage');
    // try uses production's identity: no DNS of its own to write, and its own configuration set to make
    expect(line(other.stdout, "Route 53 hosted zone")).toMatch(/^– not needed: emailDns is manual/);
    expect(line(other.stdout, "SES configuration set")).toBe("✔ unknot-try doesn't exist yet: npm run deploy creates it");
  });

  it("refuses what would make the deploy fail or the sending starve the site: a concurrency limit of 6 and a configuration set another made", async () => {
    // the default 4 shard workers and 3 beside them
    account.concurrency = 6;
    await new SESClient(aws()).send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: "unknot-try" } }));
    const { code, stdout } = await doctor({ deployed: false, stage: "try" });
    account.concurrency = 1000;
    expect(code).toBe(1);
    expect(line(stdout, "Lambda concurrency")).toMatch(/^✘ the account's Lambda concurrency limit is 6, and 4 shard workers .* set maxSendWorkers to at most 3 .* ask for a higher "Concurrent executions" \(L-B99A9384/);
    expect(line(stdout, "SES configuration set")).toMatch(/^✘ npm run deploy will refuse: the SES configuration set unknot-try already exists and wasn't made by this stage \(not by unknot\)/);
  });
});
