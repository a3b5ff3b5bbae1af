import { randomUUID } from "node:crypto";
import { DynamoDBClient, type UpdateItemInput } from "@aws-sdk/client-dynamodb";
import { SendRawEmailCommand, SESClient } from "@aws-sdk/client-ses";
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand, type UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { getContext } from "../../functions/runtime/context";
import type { Context } from "../../functions/domain/context";
import { dynamoStore } from "../../functions/adapters/dynamo/store";
import { linksFor } from "../../functions/domain/links/links";
import { buildMime } from "../../functions/adapters/ses-mailer";
import { sendClock } from "../../functions/domain/sending/send-clock";
import { memoryStore } from "../support/memory-store";
import { runPass } from "../../functions/domain/sending/pass";
import { DUE_SHARDS } from "../../functions/adapters/dynamo/table-schema";
import type { Subscriber } from "../../functions/domain/subscriber/subscriber";
import { weeklyEmail } from "../../functions/domain/sending/weekly-email";
import { ensureTable } from "../../infra/dev/dynamo";
import { LOCAL_TABLE } from "../../infra/dev/env";
import { DUE_INDEX } from "../../functions/adapters/dynamo/table-schema";
import { dueSubscribers, putAll, subscriberItem, variedOptions, type SeedState } from "../support/seed";
import { busiestSecond } from "../support/windows";
import { median, ownCpuMs, pool, timed, type Rig } from "./harness";

/** No cap: the pass goes as fast as the services answer. */
const LIFTED = 1_000_000;
const CONCURRENCY = 8;

/** A DynamoDB client that records what it is asked: the first claim and commit, and every item it reads. */
export function recordingClient() {
  const client = new DynamoDBClient({});
  const seen: { claim?: UpdateItemInput; commit?: UpdateItemInput; itemsRead: number } = { itemsRead: 0 };
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const expression = typeof input.UpdateExpression === "string" ? input.UpdateExpression : "";
      if (expression.includes("list_append")) seen.commit ??= structuredClone(input) as unknown as UpdateItemInput;
      else if (expression.startsWith("SET") && JSON.stringify(input.ExpressionAttributeNames).includes('"leaseUntil"'))
        seen.claim ??= structuredClone(input) as unknown as UpdateItemInput;
      const result = await next(args);
      const output = result.output as { ScannedCount?: number; Item?: unknown; Attributes?: unknown };
      // subscribers and index entries; the sender's ledger (the send clock, a pass's budget) is counted apart
      const key = (input.Key as { pk?: { S?: string } } | undefined)?.pk?.S ?? "";
      const ledger = /^(send#|budget#|pass#)/.test(key);
      if (!ledger) seen.itemsRead += (output.ScannedCount ?? 0) + (output.Item ? 1 : 0) + (output.Attributes ? 1 : 0);
      return result;
    },
    { step: "build", name: "benchRecorder" },
  );
  return { client, seen };
}

/** The sender's own context, on a recording client and the given table. */
function contextOn(client: DynamoDBClient, table = LOCAL_TABLE): Context {
  return { ...getContext(), store: dynamoStore(client, table) };
}


/** The same UpdateCommand the store sent, for another item, lease and message: values swapped where they match. */
function replay(recorded: UpdateItemInput, pk: string, swaps: Map<unknown, unknown>): UpdateCommandInput {
  const values = unmarshall(recorded.ExpressionAttributeValues ?? {});
  const swap = (value: unknown): unknown => {
    if (swaps.has(value)) return swaps.get(value);
    if (Array.isArray(value)) return value.map(swap);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]));
    return value;
  };
  return {
    TableName: recorded.TableName,
    Key: { pk },
    UpdateExpression: recorded.UpdateExpression,
    ConditionExpression: recorded.ConditionExpression,
    ExpressionAttributeNames: recorded.ExpressionAttributeNames,
    ExpressionAttributeValues: swap(values) as Record<string, unknown>,
    ReturnValues: recorded.ReturnValues,
  };
}

/** The value the expression assigns to (or compares with) an attribute, found through its placeholders. */
function valueOf(input: UpdateItemInput, attribute: string, expression: string): unknown {
  const values = unmarshall(input.ExpressionAttributeValues ?? {});
  for (const [name, a] of Object.entries(input.ExpressionAttributeNames ?? {})) {
    const placeholder = a === attribute && expression.match(new RegExp(`${name} (?:=|<=|<) (:v\\d+)`))?.[1];
    if (placeholder) return values[placeholder];
  }
  return undefined;
}

function sender() {
  const email = JSON.parse(process.env.SST_RESOURCE_Email!) as { sender: string; configSet?: string };
  const settings = getContext().settings;
  return { from: { name: settings.senderName, address: settings.fromAddress || email.sender }, configSet: email.configSet };
}

/** CPU per email, in ms: in this process (the sender's side) and in the services process. */
export interface CpuPerEmail {
  here: number;
  services: number;
}

export interface ThroughputResult {
  subscribers: number;
  concurrency: number;
  senderPerSecond: number;
  bareLoopPerSecond: number;
  /** the bare loop's rate in its half before and its half after the pass */
  bareLoopHalves: number[];
  bareSesPerSecond: number;
  cpu: { sender: CpuPerEmail; bareLoop: CpuPerEmail; bareSes: CpuPerEmail };
  ratio: number;
  rawMimeBytes: number;
  shapesReplayed: boolean;
}

/**
 * 1. One pass over `count` due subscribers with the rate cap lifted, against a bare loop that
 * makes the same calls per email (the due-index queries; then claim, SendRawEmail of the same
 * size, commit: the very UpdateCommand shapes the store produced) at the same concurrency.
 * The bare loop runs half before and half after the pass, so that a drift in the machine's
 * load (other processes) weighs on both alike. A small pass first records the shapes and warms
 * connections and JIT for both.
 */
export async function senderThroughput(rig: Rig, count = 10_000, sesOnlyCount = 4_000): Promise<ThroughputResult> {
  const now = Date.now();
  const measured = async <T>(emails: number, work: () => Promise<T>) => {
    const [here, services] = [ownCpuMs(), rig.servicesCpuMs()];
    const run = await timed(work);
    return { ...run, emails, cpuHere: ownCpuMs() - here, cpuServices: rig.servicesCpuMs() - services };
  };
  const { client, seen } = recordingClient();
  const pass = (label: string, n: number) => async () => {
    // one send at a time in each shard's worker: as many at once as the bare loop
    const summary = await runPass(contextOn(client), { now: new Date(now), maxRate: LIFTED, concurrency: CONCURRENCY / DUE_SHARDS });
    if (summary.sent !== n) throw new Error(`the ${label} pass sent ${summary.sent} of ${n}: ${JSON.stringify(summary)}`);
  };

  await putAll(client, LOCAL_TABLE, dueSubscribers(rig.tokenKey, "warmup", 300, now));
  await pass("warm-up", 300)();
  if (!seen.claim || !seen.commit) throw new Error("the pass made no claim or commit that could be recorded");
  const items = dueSubscribers(rig.tokenKey, "throughput", count, now);

  // a week-1 email as the pass builds them, of the mean size over a sample of the subscribers
  const { from, configSet } = sender();
  const rawFor = (s: Subscriber) => {
    const baseUrl = (getContext().publicUrl ?? getContext().apiUrl)!;
    const links = linksFor(getContext().linkKeys, baseUrl, s, new Date(now));
    return buildMime(from, weeklyEmail(s, 1, links, getContext().settings, baseUrl));
  };
  const sample = items.filter((_, i) => i % 50 === 0).map(rawFor);
  const mean = sample.reduce((sum, r) => sum + r.byteLength, 0) / sample.length;
  const raw = sample.reduce((best, r) => (Math.abs(r.byteLength - mean) < Math.abs(best.byteLength - mean) ? r : best));

  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const ses = new SESClient({});
  const sendRaw = (to: string) =>
    ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw }, Destinations: [to], Source: from.address, ConfigurationSetName: configSet }));
  const claimLease = valueOf(seen.claim, "leaseId", seen.claim.UpdateExpression!);
  const commitLease = valueOf(seen.commit, "leaseId", seen.commit.ConditionExpression!);
  const messageId = Object.values(unmarshall(seen.commit.ExpressionAttributeValues ?? {}))
    .flat()
    .find((v): v is { messageId: string } => typeof v === "object" && v !== null && "messageId" in v)?.messageId;
  const byPk = new Map(items.map((s) => [s.pk, s.email]));

  const bareLoop = async () => {
    const queue: { pk: string; email: string }[] = [];
    await Promise.all(
      Array.from({ length: DUE_SHARDS }, async (_, shard) => {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await db.send(
            new QueryCommand({
              TableName: LOCAL_TABLE,
              IndexName: DUE_INDEX,
              KeyConditionExpression: "dueShard = :shard AND dueAt <= :now",
              ExpressionAttributeValues: { ":shard": String(shard), ":now": now },
              Limit: 500,
              ExclusiveStartKey: start,
            }),
          );
          for (const item of page.Items ?? []) queue.push({ pk: String(item.pk), email: byPk.get(String(item.pk))! });
          start = page.LastEvaluatedKey;
        } while (start);
      }),
    );
    await pool(queue, CONCURRENCY, async ({ pk, email }) => {
      const lease = randomUUID();
      const claimed = await db.send(new UpdateCommand(replay(seen.claim!, pk, new Map([[claimLease, lease]]))));
      if (!claimed.Attributes) throw new Error("the bare loop's claim did not go through");
      const { MessageId } = await sendRaw(email);
      await db.send(new UpdateCommand(replay(seen.commit!, pk, new Map<unknown, unknown>([[commitLease, lease], [messageId, MessageId]]))));
    });
    return queue.length;
  };

  const half = Math.floor(count / 2);
  const due = async (subscribers: Subscriber[]) => {
    await putAll(client, LOCAL_TABLE, subscribers);
    await rig.clearMailbox();
  };
  await due(items.slice(0, half));
  const bareBefore = await measured(half, bareLoop);
  await due(items);
  const measuredPass = await measured(count, pass("measured", count));
  await due(items.slice(half));
  const bareAfter = await measured(count - half, bareLoop);
  if (bareBefore.result + bareAfter.result !== count) throw new Error(`the bare loop found ${bareBefore.result + bareAfter.result} of ${count} due`);

  await rig.clearMailbox();
  const sesOnly = await measured(sesOnlyCount, () => pool(items.slice(0, sesOnlyCount), CONCURRENCY, async (s) => void (await sendRaw(s.email))));
  await rig.clearMailbox();

  const bare = {
    ms: bareBefore.ms + bareAfter.ms,
    cpuHere: bareBefore.cpuHere + bareAfter.cpuHere,
    cpuServices: bareBefore.cpuServices + bareAfter.cpuServices,
  };
  const perEmail = (m: { cpuHere: number; cpuServices: number }, n: number) => ({ here: m.cpuHere / n, services: m.cpuServices / n });
  const senderPerSecond = count / (measuredPass.ms / 1000);
  const bareLoopPerSecond = count / (bare.ms / 1000);
  return {
    subscribers: count,
    concurrency: CONCURRENCY,
    senderPerSecond,
    bareLoopPerSecond,
    bareLoopHalves: [half / (bareBefore.ms / 1000), (count - half) / (bareAfter.ms / 1000)],
    bareSesPerSecond: sesOnlyCount / (sesOnly.ms / 1000),
    cpu: { sender: perEmail(measuredPass, count), bareLoop: perEmail(bare, count), bareSes: perEmail(sesOnly, sesOnlyCount) },
    ratio: senderPerSecond / bareLoopPerSecond,
    rawMimeBytes: raw.byteLength,
    shapesReplayed: claimLease !== undefined && commitLease !== undefined && messageId !== undefined,
  };
}

export interface RateCapResult {
  target: number;
  seconds: number;
  sent: number;
  /** the whole pass: reading the quota and the due index, then sending until its time was up */
  elapsedSeconds: number;
  /** sends from the first to the last */
  sendingSeconds: number;
  achieved: number;
  ratio: number;
  wholePassRatio: number;
  /** this process's CPU per email sent, the send clock working as it does at a cap (ms) */
  cpuPerEmail: number;
}

/** 2. The cap at `rate`/s for `seconds`: the pass stops claiming when its time is up. */
export async function rateCap(rig: Rig, rate = 50, seconds = 20): Promise<RateCapResult> {
  const now = Date.now();
  const { client } = recordingClient();
  await putAll(client, LOCAL_TABLE, dueSubscribers(rig.tokenKey, "ratecap", Math.ceil(rate * seconds * 1.3), now));
  await rig.clearMailbox();
  const ctx = contextOn(client);
  const sentAt: number[] = [];
  const mailer = ctx.mailer;
  ctx.mailer = { ...mailer, send: (email) => mailer.send(email).finally(() => sentAt.push(performance.now())) };
  const deadline = performance.now() + seconds * 1000;
  const cpuBefore = ownCpuMs();
  const pass = await timed(() =>
    runPass(ctx, { now: new Date(now), maxRate: rate, remainingMs: () => deadline - performance.now(), reserveMs: 0 }),
  );
  const cpuPerEmail = (ownCpuMs() - cpuBefore) / pass.result.sent;
  await rig.clearMailbox();
  const sendingSeconds = (sentAt.at(-1)! - sentAt[0]!) / 1000;
  const achieved = (sentAt.length - 1) / sendingSeconds;
  const elapsedSeconds = pass.ms / 1000;
  return {
    target: rate,
    seconds,
    sent: pass.result.sent,
    elapsedSeconds,
    sendingSeconds,
    achieved,
    ratio: achieved / rate,
    wholePassRatio: pass.result.sent / elapsedSeconds / rate,
    cpuPerEmail,
  };
}

export interface ClockAloneResult {
  rate: number;
  /** sends a second from the first to the last / rate */
  ratio: number;
  /** the busiest one-second window / rate */
  maxWindow: number;
}

/**
 * The send clock on its own, no I/O: `workers` workers, each with `takers` sends waiting, book
 * their send times on one in-memory ledger for `seconds` at each rate.
 */
export async function clockAlone(rates = [14, 50, 500], seconds = 3, workers = 8, takers = 16): Promise<ClockAloneResult[]> {
  const results: ClockAloneResult[] = [];
  for (const rate of rates) {
    const ledger = memoryStore();
    const sent: number[] = [];
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        const clock = sendClock(ledger, rate, takers);
        await Promise.all(
          Array.from({ length: takers }, async () => {
            while (performance.now() < end) {
              await clock.pace();
              sent.push(Date.now());
            }
          }),
        );
      }),
    );
    sent.sort((a, b) => a - b);
    const span = (sent.at(-1)! - sent[0]!) / 1000;
    results.push({ rate, ratio: (sent.length - 1) / span / rate, maxWindow: busiestSecond(sent) / rate });
  }
  return results;
}

export interface CostGrowthResult {
  small: { subscribers: number; due: number; itemsRead: number; ms: number };
  large: { subscribers: number; due: number; itemsRead: number; ms: number };
  timeRatio: number;
  seedSeconds: number;
}

/** Everyone who is not due: most in the program with their next week days away, the rest out of it. */
function bystanders(key: string, prefix: string, count: number, now: number): Subscriber[] {
  const states: SeedState[] = ["due", "due", "due", "due", "due", "due", "completed", "completed", "unsubscribed", "pending"];
  return Array.from({ length: count }, (_, i) => {
    const state = states[i % states.length]!;
    const dueAt = now + 3_600_000 + (i % 7) * 86_400_000 + (i % 1000) * 1000;
    return subscriberItem(key, `${prefix}.${i}@example.com`, { state, dueAt, week: 1 + (i % 8), ...variedOptions(i) });
  });
}

/**
 * 3. A pass with 100 due in a table of 100,000 against the same in a table of 1,000: the
 * sparse, sharded due index means the pass reads the same items in both.
 */
export async function costGrowth(rig: Rig, due = 100, sizes = [1_000, 100_000], rounds = 3): Promise<CostGrowthResult> {
  const now = Date.now();
  const { client, seen } = recordingClient();
  const tables = sizes.map((size) => ({ size, name: `unknot-bench-${size}` }));
  const seeding = await timed(async () => {
    for (const table of tables) {
      await ensureTable(client, table.name);
      await putAll(client, table.name, bystanders(rig.tokenKey, `bystander-${table.size}`, table.size - due, now), 16);
    }
  });

  const results = tables.map(() => ({ itemsRead: [] as number[], ms: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, table] of tables.entries()) {
      await putAll(client, table.name, dueSubscribers(rig.tokenKey, `due-${table.size}`, due, now));
      await rig.clearMailbox();
      seen.itemsRead = 0;
      const pass = await timed(() => runPass(contextOn(client, table.name), { now: new Date(now), maxRate: LIFTED, concurrency: CONCURRENCY }));
      if (pass.result.sent !== due) throw new Error(`the pass over ${table.size} sent ${pass.result.sent} of ${due}`);
      results[i]!.itemsRead.push(seen.itemsRead);
      results[i]!.ms.push(pass.ms);
    }
  }
  await rig.clearMailbox();
  const [small, large] = tables.map((table, i) => ({
    subscribers: table.size,
    due,
    itemsRead: median(results[i]!.itemsRead),
    ms: median(results[i]!.ms),
  })) as [CostGrowthResult["small"], CostGrowthResult["large"]];
  return { small, large, timeRatio: large.ms / small.ms, seedSeconds: seeding.ms / 1000 };
}
