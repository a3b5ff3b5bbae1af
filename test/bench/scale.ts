import { fork } from "node:child_process";
import { Worker } from "node:worker_threads";
import type { Context } from "../../functions/domain/context";
import { setLogSink } from "../../functions/domain/log";
import type { SubscriberStore } from "../../functions/domain/ports";
import { planShards } from "../../functions/domain/sending/planner";
import type { ShardMessage } from "../../functions/domain/sending/shard-message";
import type { ShardSummary } from "../../functions/domain/sending/shard-worker";
import type { Settings } from "../../functions/domain/settings";
import type { Subscriber } from "../../functions/domain/subscriber/subscriber";
import { memoryStore } from "../support/memory-store";
import { subscriberItem, variedOptions, type SeedState } from "../support/seed";
import { busiestSecond } from "../support/windows";

export interface ScaleOptions {
  subscribers: number;
  due: number;
  /** the SES max send rate: the cap */
  cap: number;
  /** shard workers running at once (the event source mapping's maximum concurrency) */
  workers: number;
  /** sends at once in one worker */
  concurrency: number;
  dbLatencyMs: number;
  sesLatencyMs: [number, number];
  /** each worker thread's old-space limit: a worker that needs more dies, failing the run */
  heapLimitMb: number;
}

export interface ScaleResult {
  options: ScaleOptions;
  sent: number;
  sendingSeconds: number;
  achievedOverCap: number;
  maxWindowOverCap: number;
  /** the largest of the workers' peak heaps */
  peakHeapMB: number;
  workerPeakHeapMB: number[];
  duplicates: number;
  losses: number;
  seedSeconds: number;
  planMs: number;
  /** send-clock bookings per email, and send times given up */
  bookingsPerEmail: number;
  givenUp: number;
  /** CPU the whole process (the table's thread and every worker's) used while sending, in cores */
  coresBusy: number;
  /** sends in each second from the first, the last one partial */
  perSecond: number[];
}

/** What a worker thread is handed. */
export interface ScaleWorkerData {
  entry: string;
  key: string;
  settings: Settings;
  apiUrl: string;
  shards: readonly string[];
  cap: number;
  concurrency: number;
  dbLatencyMs: number;
  sesLatencyMs: [number, number];
}

export const SCALE_DEFAULTS: ScaleOptions = {
  subscribers: 1_000_000,
  due: 30_000,
  cap: 500,
  workers: 8,
  concurrency: 32,
  dbLatencyMs: 8,
  sesLatencyMs: [40, 80],
  heapLimitMb: 256,
};

const KEY = "unknot-bench-scale-key-0123456789abcdef";
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/** A store that answers after `ms`, as DynamoDB over the network would. */
function slowed(store: SubscriberStore, ms: number): SubscriberStore {
  return new Proxy(store, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const result = await value.apply(target, args);
        await sleep(ms);
        return result;
      };
    },
  });
}

/**
 * The table: `due` subscribers whose week is due, among `subscribers` in all; the rest are in
 * the program with the next week hours to days away, or finished, or pending (the cost-growth
 * benchmark's mix).
 */
function seed(store: ReturnType<typeof memoryStore>, options: ScaleOptions, now: number): Set<string> {
  const states: SeedState[] = ["due", "due", "due", "due", "due", "due", "completed", "completed", "unsubscribed", "pending"];
  const due = new Set<string>();
  const chunk = 50_000;
  for (let from = 0; from < options.subscribers; from += chunk) {
    const items: Subscriber[] = [];
    for (let i = from; i < Math.min(from + chunk, options.subscribers); i++) {
      const email = `scale.${i}@example.com`;
      if (i < options.due) {
        items.push(subscriberItem(KEY, email, { state: "due", dueAt: now - 60_000 - (i % 600) * 1000, week: 1 + (i % 8), ...variedOptions(i) }));
        due.add(email);
      } else {
        const state = states[i % states.length]!;
        const dueAt = now + 3_600_000 + (i % 7) * 86_400_000 + (i % 1000) * 1000;
        items.push(subscriberItem(KEY, email, { state, dueAt, week: 1 + (i % 8), ...variedOptions(i) }));
      }
    }
    store.load(items);
  }
  return due;
}

/**
 * The scale simulation: a million subscribers in the in-memory table, 30,000 due; the real
 * planner, then `workers` worker threads each running the real shard worker on the messages it
 * is handed, every table call 8 ms and every send 40–80 ms. What went out: how fast against the
 * cap, the busiest second, each worker's peak heap, and whether every due subscriber got their
 * email exactly once.
 */
export async function scaleSimulation(partial: Partial<ScaleOptions> = {}): Promise<ScaleResult> {
  const options = { ...SCALE_DEFAULTS, ...partial };
  setLogSink(() => {});
  const now = Date.now();
  const table = memoryStore();
  const seeding = performance.now();
  const due = seed(table, options, now);
  const seedSeconds = (performance.now() - seeding) / 1000;
  const settings: Settings = {
    senderName: "unknot",
    fromAddress: "coach@unknot.example",
    postalAddress: "unknot demo, 1 Example Street, Example Town",
    sendHour: 8,
    maxSendRate: options.cap,
    quotaShare: 0.8,
    signupsPerIpHour: 5,
    retentionMonths: 12,
  };

  const planning = performance.now();
  const ctx: Pick<Context, "store" | "settings" | "mailer"> = {
    store: slowed(table, options.dbLatencyMs),
    settings,
    mailer: { send: async () => "", quota: async () => ({ max24HourSend: -1, sentLast24Hours: 0, maxSendRate: options.cap }) },
  };
  const planned = await planShards(ctx, { now: new Date(now) });
  const planMs = performance.now() - planning;
  if (planned.due !== options.due) throw new Error(`the planner counted ${planned.due} due, not ${options.due}`);
  const queue: ShardMessage[] = [...planned.messages];

  const data: ScaleWorkerData = {
    entry: new URL("./scale-worker.ts", import.meta.url).href,
    key: KEY,
    settings,
    apiUrl: "https://abc123.lambda-url.eu-west-1.on.aws",
    shards: table.dueShards,
    cap: options.cap,
    concurrency: options.concurrency,
    dbLatencyMs: options.dbLatencyMs,
    sesLatencyMs: options.sesLatencyMs,
  };
  type Report = { sent: [string, number][]; summaries: ShardSummary[]; peakHeapMB: number };
  // the messages go out once every worker has loaded its code (as the queue's workers would be
  // running already): a thread's start-up is no part of sending
  let ready = 0;
  let started: () => void;
  const allReady = new Promise<void>((resolve) => (started = resolve));
  let cpuBefore = process.cpuUsage();
  let sendingFrom = performance.now();
  const reports = await Promise.all(
    Array.from({ length: options.workers }, () => {
      const worker = new Worker(new URL("./scale-boot.mjs", import.meta.url), {
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: options.heapLimitMb },
      });
      return new Promise<Report>((done, fail) => {
        let report: Report | undefined;
        worker.on("message", async (message: { type: string; id: number; method: string; args: unknown[] } & Report) => {
          if (message.type === "report") {
            report = message;
            return;
          }
          try {
            if (message.method === "nextMessage" && ++ready === options.workers) {
              cpuBefore = process.cpuUsage();
              sendingFrom = performance.now();
              started();
            }
            if (message.method === "nextMessage") await allReady;
            const value =
              message.method === "nextMessage" ? queue.shift() : await (table as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[message.method]!(...message.args);
            worker.postMessage({ id: message.id, value });
          } catch (error) {
            worker.postMessage({ id: message.id, error: (error as Error).message });
          }
        });
        worker.on("error", fail);
        worker.on("exit", (code) => (report ? done(report) : fail(new Error(`a worker thread exited (${code}) without reporting`))));
      });
    }),
  );

  const cpu = process.cpuUsage(cpuBefore);
  const coresBusy = (cpu.user + cpu.system) / 1000 / (performance.now() - sendingFrom);
  const counts = new Map<string, number>();
  const times: number[] = [];
  for (const report of reports) {
    for (const [to, at] of report.sent) {
      counts.set(to, (counts.get(to) ?? 0) + 1);
      times.push(at);
    }
  }
  times.sort((a, b) => a - b);
  const sendingSeconds = (times.at(-1)! - times[0]!) / 1000;
  const perSecond = Array.from({ length: Math.floor(sendingSeconds) + 1 }, () => 0);
  for (const at of times) perSecond[Math.floor((at - times[0]!) / 1000)]!++;
  const summaries = reports.flatMap((r) => r.summaries);
  const bookings = summaries.reduce((sum, s) => sum + s.bookings, 0);
  return {
    options,
    sent: times.length,
    sendingSeconds,
    achievedOverCap: (times.length - 1) / sendingSeconds / options.cap,
    maxWindowOverCap: busiestSecond(times) / options.cap,
    peakHeapMB: Math.max(...reports.map((r) => r.peakHeapMB)),
    workerPeakHeapMB: reports.map((r) => r.peakHeapMB),
    duplicates: [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0) + [...counts.keys()].filter((to) => !due.has(to)).length,
    losses: [...due].filter((to) => !counts.has(to)).length,
    seedSeconds,
    planMs,
    bookingsPerEmail: bookings / times.length,
    givenUp: summaries.reduce((sum, s) => sum + s.givenUp, 0),
    coresBusy,
    perSecond,
  };
}

/**
 * Runs the simulation in a process of its own, with room for the million-item table (the
 * benchmark's own process keeps its heap for the other benchmarks), and resolves to its result.
 */
export function scaleInProcess(partial: Partial<ScaleOptions> = {}): Promise<ScaleResult> {
  const child = fork(new URL("./scale-process.ts", import.meta.url), [JSON.stringify(partial)], {
    execArgv: ["--import", "tsx", "--max-old-space-size=6144"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((done, fail) => {
    let result: ScaleResult | undefined;
    child.once("message", (message) => (result = message as ScaleResult));
    child.once("exit", (code) => (result ? done(result) : fail(new Error(`the scale simulation exited (${code}) without a result`))));
  });
}
