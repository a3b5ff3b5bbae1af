import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { ensureTable, startDynalite } from "./dynamo";
import { endpoints, LOCAL_TABLE, localEnvironment, localQuota, type LocalConfig } from "./env";
import { startLocalSes } from "./ses";

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
 * aws-ses-v2-local (unless AWS_ENDPOINT_URL_SES is given) and the Hono app, wired through the
 * same environment variables the deployed functions read.
 */
export async function startStack(config: LocalConfig): Promise<Stack> {
  const servers: Closable[] = [];
  if (!config.dynamoEndpoint) servers.push(await startDynalite(config.dynamoPort, join(config.dataDir, "dynamo")));
  if (!config.sesEndpoint) servers.push(...(await startLocalSes(config.sesPort, localQuota())));

  Object.assign(process.env, localEnvironment(config));
  await ensureTable(new DynamoDBClient({}), LOCAL_TABLE);

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
      for (const s of servers) await close(s);
    },
  };
}
