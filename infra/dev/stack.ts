import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { configFromEnv } from "../aws/operator-config";
import { ensureTable, startDynalite } from "./dynamo";
import { endpoints, LOCAL_SHARD_DLQ, LOCAL_SHARD_QUEUE, LOCAL_TABLE, localEnvironment, localQuota, localQueueUrl, type LocalConfig } from "./env";
import { startLocalSes } from "./ses";
import { startShardWorkers } from "./shard-workers";
import { ensureShardQueues, startLocalSqs } from "./sqs";

export interface Stack {
  urls: ReturnType<typeof endpoints> & { mailbox: string };
  stop(): Promise<void>;
}

interface Closable {
  close(done: () => void): unknown;
}
const close = (server: Closable) => new Promise<void>((done) => server.close(() => done()));

/**
 * Runs unknot on one machine: dynalite (unless AWS_ENDPOINT_URL_DYNAMODB is given),
 * aws-ses-v2-local (unless AWS_ENDPOINT_URL_SES is given), local-aws-sqs with the sender's shard
 * queue and its workers polling it as the deployed event source mapping does (unless
 * AWS_ENDPOINT_URL_SQS is given: then its queue is used), and the Hono app, wired through the
 * same environment variables the deployed functions read.
 */
export async function startStack(config: LocalConfig): Promise<Stack> {
  const servers: Closable[] = [];
  if (!config.dynamoEndpoint) servers.push(await startDynalite(config.dynamoPort, join(config.dataDir, "dynamo")));
  if (!config.sesEndpoint) servers.push(...(await startLocalSes(config.sesPort, localQuota())));
  if (!config.sqsEndpoint) {
    const sqsServer = await startLocalSqs(config.sqsPort ?? 9324);
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
  const workers = startShardWorkers(sqs, queueUrl, worker, configFromEnv(process.env).maxSendWorkers);

  const { app } = await import("../../functions/handlers/api");
  const { previewRoutes } = await import("./previews");
  // the deployed app as it is (its own 404 page included), and the local-only email previews beside it
  const previews = new Hono().route("/preview", previewRoutes);
  const isPreview = (path: string) => path === "/preview" || path.startsWith("/preview/");
  const server = serve({
    // the Node bindings go through, so the app can read the socket's address (the client, as TCP saw it)
    fetch: (request, bindings) => (isPreview(new URL(request.url).pathname) ? previews : app).fetch(request, bindings),
    port: config.port,
  });
  await new Promise<void>((ready) => server.once("listening", ready));
  servers.unshift(server);

  const urls = endpoints(config);
  return {
    urls: { ...urls, mailbox: config.sesEndpoint ?? `http://localhost:${config.sesPort}` },
    async stop() {
      await workers.stop();
      sqs.destroy();
      for (const s of servers) await close(s);
    },
  };
}
