import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/stack";

/**
 * The benchmark rig: the local stack's services (dynalite + the local SES) in one child
 * process, the app in another (as a Lambda sits next to DynamoDB and SES), and the code being
 * measured in this one. Each benchmark compares two things measured here, in the same run.
 */
export interface Rig {
  dynamo: string;
  ses: string;
  sqs: string;
  app: string;
  appPort: number;
  dataDir: string;
  tokenKey: string;
  /** empties the local mailbox (the emulator keeps every email in memory) */
  clearMailbox(): Promise<void>;
  /** CPU time (ms) the services process (dynalite + the local SES) has used so far */
  servicesCpuMs(): number;
  /** CPU time (ms) the app's process has used so far */
  appCpuMs(): number;
  stop(): Promise<void>;
}

const TOKEN_KEY = "unknot-bench-token-key-0123456789";

function serve(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = fork(join(import.meta.dirname, "services.ts"), {
    env: { ...process.env, ...env },
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((ready, fail) => {
    child.once("message", () => ready(child));
    child.once("exit", (code) => fail(new Error(`the local stack exited (${code}) before it was ready`)));
  });
}

export async function startRig(): Promise<Rig> {
  const dataDir = mkdtempSync(join(tmpdir(), "unknot-bench-"));
  const [dynamoPort, sesPort, sqsPort, servicesAppPort, appPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const shared = {
    DATA_DIR: dataDir,
    UNKNOT_TOKEN_KEY: TOKEN_KEY,
    // the local SES's 24-hour quota must not run out over hundreds of thousands of benchmark emails
    UNKNOT_LOCAL_QUOTA_24H: "1000000000",
    // thousands of benchmark signups come from this one machine
    UNKNOT_SIGNUPS_PER_IP_HOUR: "1000000000",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const services = await serve({
    ...shared,
    PORT: String(servicesAppPort),
    DYNAMODB_PORT: String(dynamoPort),
    SES_PORT: String(sesPort),
    SQS_PORT: String(sqsPort),
    AWS_ENDPOINT_URL_DYNAMODB: "",
    AWS_ENDPOINT_URL_SES: "",
    AWS_ENDPOINT_URL_SQS: "",
  });
  const dynamo = `http://127.0.0.1:${dynamoPort}`;
  const ses = `http://127.0.0.1:${sesPort}`;
  const sqs = `http://127.0.0.1:${sqsPort}`;
  const app = await serve({ ...shared, PORT: String(appPort), AWS_ENDPOINT_URL_DYNAMODB: dynamo, AWS_ENDPOINT_URL_SES: ses, AWS_ENDPOINT_URL_SQS: sqs });

  const stopChild = (child: ChildProcess) =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.disconnect();
    });

  return {
    dynamo,
    ses,
    sqs,
    app: `http://localhost:${appPort}`,
    appPort,
    dataDir,
    tokenKey: TOKEN_KEY,
    servicesCpuMs: () => processCpuMs(services.pid!),
    appCpuMs: () => processCpuMs(app.pid!),
    async clearMailbox() {
      const response = await fetch(`${ses}/clear-store`, { method: "POST" });
      if (!response.ok) throw new Error(`clearing the local mailbox failed: ${response.status}`);
    },
    async stop() {
      await stopChild(app);
      await stopChild(services);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** User + system CPU time of a process, in ms, from /proc (Linux). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** CPU time this process has used so far, in ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Runs `work` and returns how long it took, in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** Runs `work` over `items` with `concurrency` workers. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export { fixed, whole } from "./format";
