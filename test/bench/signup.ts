import { Agent, request } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SendRawEmailCommand, SESClient } from "@aws-sdk/client-ses";
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { getContext } from "../../functions/runtime/context";
import { linksFor } from "../../functions/domain/links/links";
import { buildMime } from "../../functions/adapters/ses-mailer";
import { systemEmail } from "../../functions/email/system-emails";
import { emailSettings } from "../../functions/domain/brand";
import { LOCAL_TABLE } from "../../infra/dev/env";
import { subscriberItem } from "../support/seed";
import { ownCpuMs, percentile, pool, timed, type Rig } from "./harness";

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU per request (ms) where the work is done (the app's process, or this one for the direct calls) and in the services */
  cpu?: { work: number; services: number };
}

export interface SignupResult {
  connections: number;
  handler: LoadResult;
  direct: LoadResult;
  /** direct throughput over the handler's: how much more the bare calls manage */
  throughputOverhead: number;
  p99Overhead: number;
}

/** `count` operations with `concurrency` at a time; each one's latency kept. */
async function load(count: number, concurrency: number, operation: (i: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  const indexes = Array.from({ length: count }, (_, i) => i);
  const run = await timed(() =>
    pool(indexes, concurrency, async (i) => {
      const started = performance.now();
      await operation(i);
      latencies.push(performance.now() - started);
    }),
  );
  return { requests: count, perSecond: count / (run.ms / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const form = (email: string) =>
  new URLSearchParams([
    ["answers", "sleep"],
    ["answers", "mood"],
    ["email", email],
    ["tz", "Europe/Berlin"],
    ["consent", "yes"],
    ["website", ""],
  ]).toString();

/** Posts the signup form for `email` over `agent`'s keep-alive connections; fails on anything but a 200. */
export function postSignup(agent: Agent, app: string, email: string) {
  return new Promise<void>((done, fail) => {
    const body = form(email);
    const req = request(
      `${app}/subscribe`,
      { method: "POST", agent, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? done() : fail(new Error(`signup answered ${res.statusCode}`))));
      },
    );
    req.on("error", fail);
    req.end(body);
  });
}

/**
 * 4. Signups at `connections` concurrent keep-alive connections through the whole handler
 * (HTTP → Hono → validation → DynamoDB get + four counter updates + conditional put → MIME → SES),
 * against the same DynamoDB calls and SES send of a confirmation email of the same size, issued directly.
 */
export async function signupLoad(rig: Rig, count = 2_000, connections = 20): Promise<SignupResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const post = (email: string) => postSignup(agent, rig.app, email);

  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const ses = new SESClient({});
  const settings = getContext().settings;
  const email = JSON.parse(process.env.SST_RESOURCE_Email!) as { sender: string; configSet?: string };
  const from = { name: settings.senderName, address: settings.fromAddress || email.sender };
  const sample = subscriberItem(rig.tokenKey, "sample@example.com", { state: "pending" });
  const confirmUrl = linksFor(getContext().linkKeys, rig.app, sample, new Date()).confirm();
  const raw = buildMime(from, systemEmail("confirm", sample.email, confirmUrl, emailSettings(settings, rig.app)));
  const direct = async (address: string) => {
    const item = subscriberItem(rig.tokenKey, address, { state: "pending" });
    await db.send(new GetCommand({ TableName: LOCAL_TABLE, Key: { pk: item.pk }, ConsistentRead: true }));
    // the per-client, per-network, per-mailbox and overall counters the handler takes one from
    for (const counter of ["limit#bench-client", "limit#bench-network", "limit#bench-mailbox", "limit#bench-overall"]) {
      await db.send(
        new UpdateCommand({
          TableName: LOCAL_TABLE,
          Key: { pk: counter },
          UpdateExpression: "ADD #c :one SET #x = if_not_exists(#x, :x)",
          ConditionExpression: "attribute_not_exists(#c) OR #c < :limit",
          ExpressionAttributeNames: { "#c": "count", "#x": "expiresAt" },
          ExpressionAttributeValues: { ":one": 1, ":limit": 1e12, ":x": Math.ceil(Date.now() / 1000) + 7200 },
        }),
      );
    }
    await db.send(
      new PutCommand({
        TableName: LOCAL_TABLE,
        Item: item,
        ConditionExpression: "attribute_not_exists(#n0)",
        ExpressionAttributeNames: { "#n0": "pk" },
      }),
    );
    await ses.send(
      new SendRawEmailCommand({ RawMessage: { Data: raw }, Destinations: [address], Source: from.address, ConfigurationSetName: email.configSet }),
    );
  };

  // warm both paths (connections, JIT) before measuring
  await load(200, connections, (i) => post(`warm.handler.${i}@example.com`));
  await load(200, connections, (i) => direct(`warm.direct.${i}@example.com`));
  const withCpu = async (work: () => number, run: () => Promise<LoadResult>): Promise<LoadResult> => {
    await rig.clearMailbox();
    const [before, services] = [work(), rig.servicesCpuMs()];
    const result = await run();
    return { ...result, cpu: { work: (work() - before) / count, services: (rig.servicesCpuMs() - services) / count } };
  };
  const handler = await withCpu(rig.appCpuMs, () => load(count, connections, (i) => post(`load.handler.${i}@example.com`)));
  const directResult = await withCpu(ownCpuMs, () => load(count, connections, (i) => direct(`load.direct.${i}@example.com`)));
  await rig.clearMailbox();
  agent.destroy();
  return {
    connections,
    handler,
    direct: directResult,
    throughputOverhead: directResult.perSecond / handler.perSecond,
    p99Overhead: handler.p99 / directResult.p99,
  };
}
