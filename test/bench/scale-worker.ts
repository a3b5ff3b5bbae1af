import { getHeapStatistics } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { processMemory, type Context } from "../../functions/domain/context";
import { linkKeys } from "../../functions/domain/links/tokens";
import type { Mailer, SubscriberStore } from "../../functions/domain/ports";
import type { ShardMessage } from "../../functions/domain/sending/shard-message";
import { runShard, type ShardSummary } from "../../functions/domain/sending/shard-worker";
import { setLogSink } from "../../functions/domain/log";
import type { ScaleWorkerData } from "./scale";

/**
 * One shard worker of the scale simulation, in a thread of its own (its own heap, as a Lambda
 * has): the real `runShard`, on the main thread's in-memory table through a message port with
 * `dbLatencyMs` added to every call, and on a stand-in for SES that takes 40–80 ms a send and
 * builds nothing (on AWS each worker has its own CPU: the MIME build is measured elsewhere).
 */
const job = workerData as ScaleWorkerData;
const port = parentPort!;
setLogSink(() => {});

let peak = 0;
const sample = () => (peak = Math.max(peak, getHeapStatistics().used_heap_size));
const sampler = setInterval(sample, 10);

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
let calls = 0;
const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
port.on("message", (reply: { id: number; value?: unknown; error?: string }) => {
  const call = waiting.get(reply.id);
  if (!call) return;
  waiting.delete(reply.id);
  if (reply.error) call.reject(new Error(reply.error));
  else call.resolve(reply.value);
});
/** One call to the main thread, answered after the simulated network and DynamoDB time. */
async function remote(method: string, args: unknown[]): Promise<unknown> {
  const id = ++calls;
  const answer = new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
  port.postMessage({ type: "call", id, method, args });
  const value = await answer;
  await sleep(job.dbLatencyMs);
  return value;
}

const store = new Proxy({ dueShards: job.shards } as unknown as SubscriberStore, {
  get: (target, name) => (name in target ? Reflect.get(target, name) : (...args: unknown[]) => remote(String(name), args)),
});

const sent: [string, number][] = [];
const mailer: Mailer = {
  async send(email) {
    sent.push([email.to, Date.now()]);
    await sleep(job.sesLatencyMs[0] + Math.random() * (job.sesLatencyMs[1] - job.sesLatencyMs[0]));
    return `sim-${sent.length}`;
  },
  async quota() {
    return { max24HourSend: -1, sentLast24Hours: 0, maxSendRate: job.cap };
  },
};

const ctx: Context = {
  store,
  key: job.key,
  linkKeys: linkKeys(job.key),
  mailer,
  settings: job.settings,
  memory: processMemory(),
  clock: () => new Date(),
  apiUrl: job.apiUrl,
};

const summaries: ShardSummary[] = [];
for (;;) {
  const message = (await remote("nextMessage", [])) as ShardMessage | undefined;
  if (!message) break;
  summaries.push(await runShard(ctx, message, { concurrency: job.concurrency }));
}
sample();
clearInterval(sampler);
port.postMessage({ type: "report", sent, summaries, peakHeapMB: peak / 2 ** 20 });
port.unref(); // nothing more to ask: let the thread end
