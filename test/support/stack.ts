import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { LocalConfig } from "../../infra/dev/env";
import { LOCAL_TABLE } from "../../infra/dev/env";
import { startStack, type Stack } from "../../infra/dev/stack";
import { linksFor } from "../../functions/domain/links/links";
import { getContext } from "../../functions/runtime/context";
import type { StoredSubscriber } from "./memory-stack";
import { subscriberIdFor } from "../../functions/domain/links/tokens";
import { freePort, sentTo, type StoredEmail } from "./http";

export { freePort, linkIn, postForm, rawPost, type StoredEmail } from "./http";

/** The real local stack (dynalite + aws-ses-v2-local + the app over HTTP) on free ports. */
export async function startTestStack(config?: Partial<LocalConfig>) {
  const full: LocalConfig = {
    port: await freePort(),
    dynamoPort: await freePort(),
    sesPort: await freePort(),
    sqsPort: await freePort(),
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
      const read = () => fetch(`${stack.urls.emulator}/store`);
      const response = await read().catch(read);
      return ((await response.json()) as { emails: StoredEmail[] }).emails;
    },
    async mailTo(address: string): Promise<StoredEmail[]> {
      return sentTo(await helpers.mailbox(), address);
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
    /** every subscriber item, read as the table holds it (every field, whatever the status) */
    async subscribers(): Promise<StoredSubscriber[]> {
      return (await helpers.items()).filter((item) => "status" in item) as unknown as StoredSubscriber[];
    },
    async subscriber(email: string): Promise<StoredSubscriber | undefined> {
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
        SQS_PORT: String(full.sqsPort),
        DATA_DIR: full.dataDir,
        ...(full.dynamoEndpoint && { AWS_ENDPOINT_URL_DYNAMODB: full.dynamoEndpoint }),
        ...(full.sesEndpoint && { AWS_ENDPOINT_URL_SES: full.sesEndpoint }),
        ...(full.sqsEndpoint && { AWS_ENDPOINT_URL_SQS: full.sqsEndpoint }),
      };
    },
    /** the signed links unknot would put in this subscriber's emails now, by the stack's clock (their round and link epoch) */
    async links(email: string) {
      const { key, linkKeys, store, clock } = getContext();
      const pk = subscriberIdFor(key, email);
      return linksFor(linkKeys, stack.urls.app, (await store.get(pk)) ?? { pk }, clock());
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

