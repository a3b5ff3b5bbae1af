import { DescribeTableCommand, DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { ListSchedulesCommand } from "@aws-sdk/client-scheduler";
import { ListSubscriptionsByTopicCommand, type Subscription } from "@aws-sdk/client-sns";
import { DUE_INDEX, subscribersTable } from "../../functions/adapters/dynamo/table-schema";
import { call, isNotFound, timeoutMs } from "./aws-calls";
import { fail, ok, skip, warn, type CheckContext, type Step } from "./check";

/** What a deploy made, read under `npx sst shell --stage <stage> -- npm run doctor`. */

type Deployed = NonNullable<CheckContext["deployed"]>;
const deployedOf = (c: CheckContext) => c.deployed as Deployed;
const KEY_LENGTH = 16;
const redeploy = (stage: string) => `npm run deploy${stage === "production" ? "" : ` -- --stage ${stage}`}`;

const table: Step = {
  name: "Subscribers table",
  needs: { deployed: true },
  async run(c) {
    const name = deployedOf(c).table;
    try {
      const { Table } = await call(c.aws.dynamodb, new DescribeTableCommand({ TableName: name }));
      if (!Table?.GlobalSecondaryIndexes?.some((i) => i.IndexName === DUE_INDEX)) return fail(`${name} has no ${DUE_INDEX} index: ${redeploy(c.stage)} adds it`);
      const { TimeToLiveDescription: ttl } = await call(c.aws.dynamodb, new DescribeTimeToLiveCommand({ TableName: name }));
      if (ttl?.TimeToLiveStatus !== "ENABLED" || ttl.AttributeName !== subscribersTable.ttl) {
        return fail(`${name} doesn't expire items on ${subscribersTable.ttl}: ${redeploy(c.stage)} turns time to live on`);
      }
      return ok(`${name}, with its ${DUE_INDEX} index and time to live on ${subscribersTable.ttl}`);
    } catch (error) {
      if (isNotFound(error)) return fail(`${name} is missing: ${redeploy(c.stage)} creates it (check the region)`);
      throw error;
    }
  },
};

/** A key set but too short is named as such: "not set" would send the operator looking in the wrong place. */
function keyVerdict(name: string, value: string | undefined, stage: string) {
  const set = `npx sst secret set ${name} "$(openssl rand -base64 32)" --stage ${stage}, then ${redeploy(stage)}`;
  if (!value) return fail(`not set: ${set}`);
  if (value.length < KEY_LENGTH) {
    return fail(`set, but only ${value.length} characters: the functions refuse a key under ${KEY_LENGTH} (so none has used it); set a long random one: ${set}`);
  }
  return undefined;
}

const tokenKey: Step = {
  name: "TokenKey secret",
  needs: { deployed: true },
  async run(c) {
    return keyVerdict("TokenKey", deployedOf(c).tokenKey, c.stage) ?? ok("set");
  },
};

/** The link key is set; a previous one, kept for a rotation's grace period, is a reminder to end it. */
const linkKey: Step = {
  name: "LinkKey secret",
  needs: { deployed: true },
  async run(c) {
    const { linkKey: key, linkKeyPrevious: previous = "none" } = deployedOf(c);
    const problem = keyVerdict("LinkKey", key, c.stage);
    if (problem) return problem;
    if (previous === "none" || previous === "") return ok("set; no previous key");
    if (previous.length < KEY_LENGTH) return fail(`LinkKeyPrevious must be a real key or "none": npx sst secret set LinkKeyPrevious none --stage ${c.stage}`);
    return ok(`set; links signed with the previous key still work: end the grace period with npx sst secret set LinkKeyPrevious none --stage ${c.stage}`);
  },
};

async function subscriptions(c: CheckContext, topic: string): Promise<Subscription[]> {
  const found: Subscription[] = [];
  let next: string | undefined;
  do {
    const page = await call(c.aws.sns, new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: next }));
    found.push(...(page.Subscriptions ?? []));
    next = page.NextToken;
  } while (next);
  return found;
}

const confirmed = (s: Subscription) => !!s.SubscriptionArn?.startsWith("arn:");

const alarmEmails: Step = {
  name: "Alarm emails",
  needs: { deployed: true, settings: true },
  async run(c) {
    const address = c.config.alarmEmail;
    if (!address) return warn(`no alarmEmail in unknot.config.json: the alarms email nobody; add one and ${redeploy(c.stage)}`);
    const topic = deployedOf(c).alarmsTopic;
    if (!topic) return skip("not checked: sst shell gave no Alarms topic (deploy this version first)");
    const mine = (await subscriptions(c, topic)).find((s) => s.Protocol === "email" && s.Endpoint?.toLowerCase() === address.toLowerCase());
    if (!mine) return fail(`${address} isn't subscribed to the alarms: ${redeploy(c.stage)} subscribes it`);
    if (!confirmed(mine)) {
      return fail(
        `${address} hasn't confirmed the subscription, so no alarm reaches it: open the email from AWS Notifications and press Confirm subscription ` +
          `(none? SNS console, Subscriptions, select it, Request confirmation)`,
      );
    }
    return ok(`${address} is subscribed and confirmed`);
  },
};

const bounceHandler: Step = {
  name: "Bounce and complaint handler",
  needs: { deployed: true },
  async run(c) {
    const topic = deployedOf(c).emailEventsTopic;
    if (!topic) return skip("not checked: sst shell gave no EmailEvents topic (deploy this version first)");
    const handler = (await subscriptions(c, topic)).find((s) => s.Protocol === "lambda");
    if (!handler) return fail(`nothing handles bounces and complaints (no Lambda subscribed to the topic): ${redeploy(c.stage)}`);
    if (!confirmed(handler)) return fail(`the handler's subscription is ${handler.SubscriptionArn}: ${redeploy(c.stage)}`);
    return ok(`${handler.Endpoint?.split(":").pop()} receives them`);
  },
};

const schedule: Step = {
  name: "Sender schedule",
  needs: { deployed: true },
  async run(c) {
    const prefix = `unknot-${c.stage}-`;
    const { Schedules: found = [] } = await call(c.aws.scheduler, new ListSchedulesCommand({ NamePrefix: prefix }));
    if (!found.length) return fail(`no EventBridge schedule named ${prefix}…: nobody gets a weekly email; ${redeploy(c.stage)} creates it`);
    const off = found.filter((s) => s.State !== "ENABLED");
    if (off.length) {
      return fail(`${off.map((s) => s.Name).join(", ")} is disabled, so the weekly emails don't go out: enable it (EventBridge Scheduler console, Schedules)`);
    }
    return ok(`${found.map((s) => s.Name).join(", ")} enabled`);
  },
};

/** The deployed site answers /health: 200 when its configuration is whole, 503 naming what is missing. */
const health: Step = {
  name: "Signup site",
  needs: { deployed: true, settings: true },
  async run(c) {
    const base = c.config.publicUrl ?? deployedOf(c).apiUrl;
    if (!base) return skip("not checked: sst shell gave no Api URL");
    const url = new URL("health", base.endsWith("/") ? base : `${base}/`).toString();
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs()) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).name;
      return fail(`can't reach ${url} (${why}): ${c.config.publicUrl ? "check the publicUrl in front of the API" : `${redeploy(c.stage)}, then try again`}`);
    }
    const body = (await response.json().catch(() => ({}))) as { ok?: boolean; problems?: string[] };
    if (response.ok && body.ok) return ok(`${url} answers ok`);
    if (body.problems?.length) return fail(`${url} answers ${response.status}: missing or malformed ${body.problems.join(", ")}; set them, then ${redeploy(c.stage)}`);
    return fail(`${url} answers ${response.status}: read the Api function's log (/aws/lambda/unknot-${c.stage}-Api…)`);
  },
};

export const deployedChecks: Step[] = [table, tokenKey, linkKey, alarmEmails, bounceHandler, schedule, health];
