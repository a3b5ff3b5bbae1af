import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { loadLocalConfig } from "../aws/stage-config";
import { ensureTable, startDynalite } from "./dynamo";
import { endpoints, LOCAL_SHARD_DLQ, LOCAL_SHARD_QUEUE, LOCAL_TABLE, localEnvironment, localQuota, localQueueUrl, type LocalConfig } from "./env";
import { mailboxRoutes } from "./mailbox";
import { startLocalSes } from "./ses";
import { startShardWorkers } from "./shard-workers";
import { ensureShardQueues, startLocalSqs } from "./sqs";

export interface Stack {
  urls: ReturnType<typeof endpoints> & { mailbox: string; emulator: string };
  stop(): Promise<void>;
}

interface Closable {
  close(done: () => void): unknown;
}
const close = (server: Closable) => new Promise<void>((done) => server.close(() => done()));

/** A port the stack can't listen on, and the variable that chooses another. */
export class PortUnavailable extends Error {
  constructor(
    readonly variable: "PORT" | "DYNAMODB_PORT" | "SES_PORT" | "SQS_PORT",
    readonly port: number,
    reason: "in use" | "not allowed",
  ) {
    super(`Port ${port} is ${reason === "in use" ? "already in use" : "not one this user may open"}: set ${variable} to a free port (e.g. ${variable}=${port + 1} npm start).`);
    this.name = "PortUnavailable";
  }
}

/** Starts one server on its port, saying which variable to change when the port can't be had. */
async function onPort<T>(variable: PortUnavailable["variable"], port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new PortUnavailable(variable, port, "in use");
    if (code === "EACCES") throw new PortUnavailable(variable, port, "not allowed");
    throw error;
  }
}

/**
 * Runs unknot on one machine: dynalite (unless AWS_ENDPOINT_URL_DYNAMODB is given),
 * aws-ses-v2-local (unless AWS_ENDPOINT_URL_SES is given), local-aws-sqs with the sender's shard
 * queue and its workers polling it as the deployed event source mapping does (unless
 * AWS_ENDPOINT_URL_SQS is given: then its queue is used), and the Hono app, wired through the
 * same environment variables the deployed functions read. If anything fails to start, what
 * did start is stopped again.
 */
export async function startStack(config: LocalConfig): Promise<Stack> {
  const servers: Closable[] = [];
  const stopAll = async () => {
    for (const s of servers) await close(s);
  };
  try {
    return await start(config, servers, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function start(config: LocalConfig, servers: Closable[], stopAll: () => Promise<void>): Promise<Stack> {
  if (!config.dynamoEndpoint) {
    servers.push(await onPort("DYNAMODB_PORT", config.dynamoPort, () => startDynalite(config.dynamoPort, join(config.dataDir, "dynamo"))));
  }
  if (!config.sesEndpoint) {
    servers.push(...(await onPort("SES_PORT", config.sesPort, () => startLocalSes(config.sesPort, localQuota()))));
  }
  if (!config.sqsEndpoint) {
    const sqsPort = config.sqsPort ?? 9324;
    const sqsServer = await onPort("SQS_PORT", sqsPort, () => startLocalSqs(sqsPort));
    // a port of 0 was a free one: the queue's URL names the one taken
    config = { ...config, sqsPort: (sqsServer.address() as { port: number }).port };
    servers.push({
      close(done) {
        sqsServer.close(() => done());
        sqsServer.closeAllConnections(); // long polls would hold it open
      },
    });
  }

  Object.assign(process.env, localEnvironment(config));
  await ensureTable(new DynamoDBClient({}), LOCAL_TABLE);
  const sqs = new SQSClient({});
  const queueUrl = await ensureShardQueues(sqs, LOCAL_SHARD_QUEUE, LOCAL_SHARD_DLQ);
  if (queueUrl !== localQueueUrl(config, LOCAL_SHARD_QUEUE)) {
    throw new Error(`The SQS endpoint named the shard queue ${queueUrl}, not ${localQueueUrl(config, LOCAL_SHARD_QUEUE)}: use local-aws-sqs (or leave AWS_ENDPOINT_URL_SQS unset)`);
  }
  const { handler: worker } = await import("../../functions/handlers/sender-shard");
  // as many as the local settings allow: the `local` entry of unknot.config.json, under UNKNOT_* variables
  const workers = startShardWorkers(sqs, queueUrl, worker, loadLocalConfig().maxSendWorkers);
  // stopped first: a worker still sending gets a moment before the services go
  servers.unshift({
    close(done) {
      void workers.stop().then(() => {
        sqs.destroy();
        done();
      });
    },
  });

  const urls = endpoints(config);
  const emulator = config.sesEndpoint ?? `http://localhost:${config.sesPort}`;
  const { app } = await import("../../functions/handlers/api");
  const { getContext } = await import("../../functions/runtime/context");
  const { previewRoutes } = await import("./previews");
  // the deployed app as it is (its own 404 page included), and the local-only pages beside it:
  // the email previews and the mailbox
  const local = new Hono()
    .route("/preview", previewRoutes)
    .route("/mailbox", mailboxRoutes({ emulator, own: !config.sesEndpoint, clock: () => getContext().clock() }));
  const isLocal = (path: string) => /^\/(preview|mailbox)(\/|$)/.test(path);
  // the app takes forms only from the origin it is configured with (localhost): a page opened
  // under another name for this machine (127.0.0.1, [::1]) is sent there first, so its forms work
  const home = new URL(urls.app);
  const elsewhere = (url: URL, method: string) => (method === "GET" || method === "HEAD") && url.host !== home.host;
  const server = await onPort("PORT", config.port, async () => {
    const listening = serve({
      // the Node bindings go through, so the app can read the socket's address (the client, as TCP saw it)
      fetch: (request, bindings) => {
        const url = new URL(request.url);
        if (elsewhere(url, request.method)) return Response.redirect(new URL(url.pathname + url.search, home), 308);
        return (isLocal(url.pathname) ? local : app).fetch(request, bindings);
      },
      port: config.port,
    });
    await new Promise<void>((ready, fail) => {
      listening.once("listening", ready);
      listening.once("error", fail);
    });
    return listening;
  });
  servers.unshift(server);

  return {
    urls: { ...urls, mailbox: `${urls.app}/mailbox`, emulator },
    stop: stopAll,
  };
}
