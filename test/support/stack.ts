import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { LocalConfig } from "../../infra/local/env";
import { LOCAL_TABLE } from "../../infra/local/env";
import { startStack, type Stack } from "../../infra/local/stack";
import { linksFor } from "../../functions/core/links";
import { getStorageContext } from "../../functions/core/resources";
import type { Subscriber } from "../../functions/core/subscriber";
import { subscriberIdFor } from "../../functions/core/tokens";

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** The real local stack (dynalite + aws-ses-v2-local + the app over HTTP) on free ports. */
export async function startTestStack(config?: Partial<LocalConfig>) {
  const full: LocalConfig = {
    port: await freePort(),
    dynamoPort: await freePort(),
    sesPort: await freePort(),
    dataDir: mkdtempSync(join(tmpdir(), "unknot-test-")),
    ...config,
  };
  // tests sign up many people from one address (127.0.0.1); the limits' own tests set the default (5)
  process.env.UNKNOT_SIGNUPS_PER_IP_HOUR ??= "100000";
  let stack: Stack = await startStack(full);
  const db = new DynamoDBClient({});

  const helpers = {
    config: full,
    get url() {
      return stack.urls.app;
    },
    /** every email the SES emulator has received */
    async mailbox(): Promise<StoredEmail[]> {
      // the emulator closes a keep-alive connection after 5 idle seconds; a request that meets
      // that close (ECONNRESET) is read again, once: it is a GET and changes nothing
      const read = () => fetch(`${stack.urls.mailbox}/store`);
      const response = await read().catch(read);
      return ((await response.json()) as { emails: StoredEmail[] }).emails;
    },
    async mailTo(address: string): Promise<StoredEmail[]> {
      const bare = (to: string) => (to.match(/<([^>]+)>/)?.[1] ?? to).trim().toLowerCase();
      return (await helpers.mailbox()).filter((email) => email.destination.to.some((to) => bare(to) === address));
    },
    /** every item in the table, read straight from it: subscribers and rate-limit counters */
    async items(): Promise<Record<string, unknown>[]> {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, never> | undefined;
      do {
        const page = await db.send(new ScanCommand({ TableName: LOCAL_TABLE, ExclusiveStartKey: start }));
        items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
        start = page.LastEvaluatedKey as typeof start;
      } while (start);
      return items;
    },
    /** every subscriber item (the ones with a status; rate-limit counters have none) */
    async subscribers(): Promise<Subscriber[]> {
      return (await helpers.items()).filter((item) => "status" in item) as unknown as Subscriber[];
    },
    async subscriber(email: string): Promise<Subscriber | undefined> {
      return (await helpers.subscribers()).find((s) => s.email === email);
    },
    /** the environment `npm run send` and the other local commands use to find this stack */
    cliEnv(): NodeJS.ProcessEnv {
      // a fresh shell: none of the variables this process was given by startStack
      const shell = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !/^(SST_RESOURCE_|AWS_ENDPOINT_URL_)/.test(name)),
      );
      return {
        ...shell,
        PORT: String(full.port),
        DYNAMODB_PORT: String(full.dynamoPort),
        SES_PORT: String(full.sesPort),
        DATA_DIR: full.dataDir,
        ...(full.dynamoEndpoint && { AWS_ENDPOINT_URL_DYNAMODB: full.dynamoEndpoint }),
        ...(full.sesEndpoint && { AWS_ENDPOINT_URL_SES: full.sesEndpoint }),
      };
    },
    /** the signed links unknot would put in this subscriber's emails now (their round and link epoch) */
    async links(email: string) {
      const { key, linkKeys, store } = getStorageContext();
      const pk = subscriberIdFor(key, email);
      return linksFor(linkKeys, stack.urls.app, (await store.get(pk)) ?? { pk }, new Date());
    },
    async restart() {
      await stack.stop();
      stack = await startStack(full);
    },
    stop: () => stack.stop(),
  };
  return helpers;
}

export type TestStack = Awaited<ReturnType<typeof startTestStack>>;

/** First URL in an email's text part whose path is `path`. */
export function linkIn(email: StoredEmail, path: string): string {
  const match = (email.body.text ?? "").match(new RegExp(`https?://[^\\s]+${path}\\?token=[A-Za-z0-9_.-]+`));
  if (!match) throw new Error(`no ${path} link in "${email.subject}"`);
  return match[0];
}

/** Posts an HTML form the way a browser does. */
export function postForm(url: string, fields: Record<string, string | string[]>, init: RequestInit = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return fetch(url, { method: "POST", body, redirect: "manual", ...init });
}

/**
 * Posts a form over a raw HTTP connection, for what `fetch` won't do: a forged Host header,
 * or a client address of our choosing on the loopback network (127.0.0.2, 127.0.0.3…).
 */
export function rawPost(
  url: string,
  fields: Record<string, string | string[]>,
  options: { headers?: Record<string, string>; localAddress?: string } = {},
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  const target = new URL(url);
  return new Promise((done, fail) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: target.port,
        path: target.pathname + target.search,
        method: "POST",
        localAddress: options.localAddress,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(Buffer.byteLength(body.toString())),
          ...options.headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => done({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", fail);
    req.end(body.toString());
  });
}
