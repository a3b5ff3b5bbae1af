import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeConfigurationSetCommand,
  GetIdentityDkimAttributesCommand,
  GetIdentityVerificationAttributesCommand,
  GetSendQuotaCommand,
  SESClient,
} from "@aws-sdk/client-ses";
import { GetAccountCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { sendingAddress } from "../../functions/domain/settings";
import { DUE_INDEX, subscribersTable } from "../../functions/adapters/dynamo/table-schema";

/** One line of `npm run doctor`: ✔, ✘ with the concrete fix, or – when it can't be checked yet. */
export interface Check {
  name: string;
  status: "ok" | "fail" | "skip";
  detail: string;
}

/** What the doctor checks: the stage's sender, and what was deployed (when run under `sst shell`). */
export interface DoctorInput {
  stage: string;
  sender: string;
  fromAddress: string;
  deployed?: { table: string; configSet: string; tokenKey?: string; linkKey?: string; linkKeyPrevious?: string };
}

/** SES sandbox accounts get exactly this: 200 emails per 24 hours, 1 per second. */
const SANDBOX = { max24HourSend: 200, maxSendRate: 1 };

const ok = (name: string, detail: string): Check => ({ name, status: "ok", detail });
const fail = (name: string, detail: string): Check => ({ name, status: "fail", detail });
const errorName = (error: unknown) => (error as Error).name;

export async function runChecks(input: DoctorInput): Promise<Check[]> {
  const sts = new STSClient({});
  const region = await sts.config.region().catch(() => undefined);
  if (!region) return [fail("AWS region", "no region set: export AWS_REGION=eu-west-1 (the region you deploy to), or set one in ~/.aws/config")];
  let account: string | undefined;
  try {
    account = (await sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch (error) {
    return [fail("AWS credentials", `can't sign in (${errorName(error)}): run aws configure, or export AWS_PROFILE=<your profile>`)];
  }
  const ses = new SESClient({});
  const checks = [ok("AWS credentials and region", `account ${account}, region ${region}`)];
  checks.push(...(await identityChecks(ses, input, region)));
  checks.push(await sandboxCheck(ses, new SESv2Client({})));
  if (!input.deployed) {
    const later = `not checked: after npm run deploy, run npx sst shell --stage ${input.stage} -- npm run doctor`;
    checks.push(...["SES configuration set", "Subscribers table", "TokenKey secret", "LinkKey secret"].map((name): Check => ({ name, status: "skip", detail: later })));
    return checks;
  }
  checks.push(await configSetCheck(ses, input.deployed.configSet));
  checks.push(await tableCheck(new DynamoDBClient({}), input.deployed.table));
  checks.push(
    (input.deployed.tokenKey?.length ?? 0) >= 16
      ? ok("TokenKey secret", "set")
      : fail("TokenKey secret", `not set: npx sst secret set TokenKey "$(openssl rand -base64 32)" --stage ${input.stage}, then npm run deploy`),
  );
  checks.push(linkKeyCheck(input.stage, input.deployed.linkKey, input.deployed.linkKeyPrevious));
  return checks;
}

/** The link key is set; a previous one, kept for a rotation's grace period, is a reminder to end it. */
function linkKeyCheck(stage: string, linkKey = "", previous = "none"): Check {
  if (linkKey.length < 16) {
    return fail("LinkKey secret", `not set: npx sst secret set LinkKey "$(openssl rand -base64 32)" --stage ${stage}, then npm run deploy`);
  }
  if (previous === "none" || previous === "") return ok("LinkKey secret", "set; no previous key");
  if (previous.length < 16) return fail("LinkKey secret", `LinkKeyPrevious must be a real key or "none": npx sst secret set LinkKeyPrevious none --stage ${stage}`);
  return ok("LinkKey secret", `set; links signed with the previous key still work: end the grace period with npx sst secret set LinkKeyPrevious none --stage ${stage}`);
}

async function identityChecks(ses: SESClient, input: DoctorInput, region: string): Promise<Check[]> {
  const isDomain = !input.sender.includes("@");
  const from = sendingAddress(input.sender, input.fromAddress) ?? "";
  const fromDomain = from.split("@")[1] ?? "";
  const names = [...new Set([input.sender, from, fromDomain].filter(Boolean))];
  const { VerificationAttributes: verification = {} } = await ses.send(new GetIdentityVerificationAttributesCommand({ Identities: names }));
  const verified = (name: string) => verification[name]?.VerificationStatus === "Success";

  const status = verification[input.sender]?.VerificationStatus;
  const fix = isDomain
    ? "add the DKIM records (npm run deploy prints them with emailDns manual; Route 53 gets them automatically); SES checks them for up to 72 hours"
    : `open the link SES emailed to ${input.sender}`;
  const checks = [
    verified(input.sender)
      ? ok("Sender identity", `${input.sender} is verified`)
      : status
        ? fail("Sender identity", `${input.sender} is ${status.toLowerCase()}: ${fix}`)
        : fail("Sender identity", `SES in ${region} has no identity ${input.sender}: npm run deploy creates it (check the region)`),
  ];
  if (isDomain) {
    const { DkimAttributes: dkim = {} } = await ses.send(new GetIdentityDkimAttributesCommand({ Identities: [input.sender] }));
    const state = dkim[input.sender];
    checks.push(
      state?.DkimEnabled && state.DkimVerificationStatus === "Success"
        ? ok("DKIM", "signing, records verified")
        : fail("DKIM", `${state?.DkimVerificationStatus ?? "not set up"}: add the three CNAME records <token>._domainkey.${input.sender} (npm run deploy prints them)`),
    );
  }
  const covered = verified(from) || verified(fromDomain);
  const bySender = [from, fromDomain].includes(input.sender);
  checks.push(
    covered
      ? ok("From address", `${from} may send`)
      : bySender
        ? fail("From address", `${from} may send once ${input.sender} is verified (above)`)
        : fail("From address", `${from || "(none)"} isn't covered by a verified identity: set fromAddress to an address at ${input.sender} in unknot.config.json`),
  );
  return checks;
}

/** Whether the account may mail anyone yet, for the end of a deploy; never throws. */
export async function sandboxStatus(): Promise<Check> {
  return sandboxCheck(new SESClient({}), new SESv2Client({})).catch((error) => ({
    name: "SES sending limits",
    status: "skip",
    detail: `couldn't check (${errorName(error)}): npm run doctor`,
  }));
}

async function sandboxCheck(ses: SESClient, sesv2: SESv2Client): Promise<Check> {
  const name = "SES sending limits";
  const leave = "still in the SES sandbox (200 emails a day, only to verified addresses): in the SES console, Account dashboard, Request production access";
  try {
    const account = await sesv2.send(new GetAccountCommand({}));
    if (!account.ProductionAccessEnabled) return fail(name, leave);
    const quota = account.SendQuota;
    return ok(name, `out of the sandbox: ${quota?.Max24HourSend} emails per 24 hours, ${quota?.MaxSendRate} per second`);
  } catch {
    // GetAccount isn't everywhere (older endpoints, emulators): the sandbox's quota is unmistakable
    const quota = await ses.send(new GetSendQuotaCommand({}));
    const sandbox = quota.Max24HourSend === SANDBOX.max24HourSend && quota.MaxSendRate === SANDBOX.maxSendRate;
    return sandbox ? fail(name, leave) : ok(name, `${quota.Max24HourSend} emails per 24 hours, ${quota.MaxSendRate} per second`);
  }
}

async function configSetCheck(ses: SESClient, configSet: string): Promise<Check> {
  const name = "SES configuration set";
  try {
    const set = await ses.send(new DescribeConfigurationSetCommand({ ConfigurationSetName: configSet, ConfigurationSetAttributeNames: ["eventDestinations"] }));
    const destinations = (set.EventDestinations ?? []).filter((d) => d?.Enabled !== false && d?.SNSDestination?.TopicARN);
    const types = new Set(destinations.flatMap((d) => d.MatchingEventTypes ?? []).map((t) => t.toLowerCase()));
    if (!types.has("bounce") || !types.has("complaint")) {
      return fail(name, `${configSet} doesn't publish bounces and complaints to SNS: npm run deploy restores its event destination`);
    }
    return ok(name, `${configSet} publishes bounces and complaints`);
  } catch (error) {
    return fail(name, `${configSet} is missing (${errorName(error)}): npm run deploy creates it`);
  }
}

async function tableCheck(db: DynamoDBClient, table: string): Promise<Check> {
  const name = "Subscribers table";
  try {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: table }));
    const index = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === DUE_INDEX);
    if (!index) return fail(name, `${table} has no ${DUE_INDEX} index: npm run deploy adds it`);
    const { TimeToLiveDescription: ttl } = await db.send(new DescribeTimeToLiveCommand({ TableName: table }));
    if (ttl?.TimeToLiveStatus !== "ENABLED" || ttl.AttributeName !== subscribersTable.ttl) {
      return fail(name, `${table} doesn't expire items on ${subscribersTable.ttl}: npm run deploy turns time to live on`);
    }
    return ok(name, `${table}, with its ${DUE_INDEX} index and time to live on ${subscribersTable.ttl}`);
  } catch (error) {
    return fail(name, `${table} is missing (${errorName(error)}): npm run deploy creates it (check the region)`);
  }
}
