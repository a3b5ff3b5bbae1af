import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { handle } from "hono/aws-lambda";
import * as z from "zod/mini";
import { processMemory, type Context } from "../../functions/domain/context";
import { linksFor } from "../../functions/domain/links/links";
import type { Mailer, OutgoingEmail, SendQuota } from "../../functions/domain/ports";
import { memoryStore } from "./memory-store";
import { runtimeSettings } from "../../infra/aws/operator-config";
import { loadLocalConfig } from "../../infra/aws/stage-config";
import { sendingAddress, settingsSchema, type Settings } from "../../functions/domain/settings";
import { type SubscriberStore } from "../../functions/domain/ports";
import { COUNTER_PREFIX, SUPPRESSED_PREFIX } from "../../functions/adapters/dynamo/table-schema";
import type { Subscriber, SubscriberRecord } from "../../functions/domain/subscriber/subscriber";

/** A subscriber as a test reads it back from the table: any field readable, and usable wherever a Subscriber is. */
export type StoredSubscriber = Subscriber & SubscriberRecord;
import { linkKeys, subscriberIdFor } from "../../functions/domain/links/tokens";
import { createApp } from "../../functions/web/app";
import { localQuota } from "../../infra/dev/env";
import { sentTo, type StoredEmail } from "./http";

const DAY = 86_400_000;

/** One email the in-memory mailer was handed, as the SES emulator's `/store` lists it, plus what SES would put in headers. */
export interface MemoryEmail extends StoredEmail {
  unsubscribeUrl?: string;
}

/**
 * A `Mailer` that keeps every email in memory: message ids and times as the SES emulator gives
 * them, a quota like the local SES front's (sends of the last 24 hours counted), and faults on
 * request (`failNext`), thrown as the SES client throws them.
 */
export function memoryMailer(from: { name: string; address: string }, quota = localQuota()) {
  const sent: MemoryEmail[] = [];
  const sentAt: number[] = [];
  const options: { quota?: SendQuota } = {};
  const faults = { next: 0, error: () => Object.assign(new Error("Maximum sending rate exceeded."), { name: "Throttling" }) };
  const mailer: Mailer = {
    async send(email: OutgoingEmail) {
      if (faults.next > 0) {
        faults.next--;
        throw faults.error();
      }
      const messageId = `memory-${sent.length + 1}-${randomBytes(4).toString("hex")}`;
      const now = Date.now();
      sentAt.push(now);
      sent.push({
        messageId,
        from: `"${from.name}" <${from.address}>`,
        // the MIME composer writes the domain in lower case, and so the emulator's mailbox reads it
        destination: { to: [email.to.replace(/@[^@]*$/, (domain) => domain.toLowerCase())] },
        subject: email.subject,
        body: { text: email.text, html: email.html },
        // the emulator stamps seconds
        at: Math.floor(now / 1000),
        ...(email.unsubscribeUrl && { unsubscribeUrl: email.unsubscribeUrl }),
      });
      return messageId;
    },
    async quota(): Promise<SendQuota> {
      if (options.quota) return { ...options.quota };
      const since = Date.now() - DAY;
      return { max24HourSend: quota.max24HourSend, sentLast24Hours: sentAt.filter((t) => t > since).length, maxSendRate: quota.maxSendRate };
    },
  };
  return {
    mailer,
    sent,
    /** what `quota()` answers from now on; undefined: counted from the sends, as the local SES does */
    options,
    /** the next `count` sends throw (SES's Throttling, unless `error` says otherwise) */
    failNext(count: number, error?: () => Error) {
      faults.next = count;
      if (error) faults.error = error;
    },
  };
}

/**
 * The store with a record of every counter and suppression marker it was asked about, so a
 * test can list the whole table (`items()`) as the real stack's scan does. Pass-through:
 * every call goes to the memory store unchanged.
 */
function listable(store: SubscriberStore) {
  const counters = new Map<string, number>();
  const markers = new Set<string>();
  const wrapped: SubscriberStore = {
    ...store,
    async countUp(name, limit, expiresAt) {
      const before = await store.counted(name);
      const counted = await store.countUp(name, limit, expiresAt);
      if (counted && before === 0) counters.set(name, Math.ceil(expiresAt.getTime() / 1000));
      return counted;
    },
    async markSuppressed(id, status) {
      markers.add(id);
      return store.markSuppressed(id, status);
    },
  };
  async function items(): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let cursor: { pk: string } | undefined;
    do {
      const page = await store.scan(["pk"], cursor);
      for (const { pk } of page.items) {
        const item = await store.get(pk);
        if (item) found.push(item as unknown as Record<string, unknown>);
      }
      cursor = page.next;
    } while (cursor);
    for (const [name, expiresAt] of counters) {
      const count = await store.counted(name);
      if (count > 0) found.push({ pk: `${COUNTER_PREFIX}${name}`, count, expiresAt });
    }
    for (const id of markers) {
      const suppressed = await store.suppressedStatusOf(id);
      if (suppressed) found.push({ pk: `${SUPPRESSED_PREFIX}${id}`, suppressed });
    }
    return found;
  }
  return { store: wrapped, items };
}

export interface MemoryStackOptions {
  /** settings over the local stack's (the demo values and `UNKNOT_*` variables) */
  settings?: Partial<Settings>;
  /** the environment the settings and keys are read from, as `npm start` reads them */
  env?: NodeJS.ProcessEnv;
}

/**
 * The domain's context as the memory stack runs it, without the app: the in-memory store (with
 * `items()` to list it whole), the in-memory mailer, the local stack's settings and fresh keys.
 */
export function memoryContext(options: MemoryStackOptions = {}) {
  const env = options.env ?? process.env;
  // tests sign up many people from one address (127.0.0.1); the limits' own tests set the default (5)
  const config = loadLocalConfig({ UNKNOT_SIGNUPS_PER_IP_HOUR: "100000", ...env });
  const settings = z.parse(settingsSchema, { ...runtimeSettings(config), ...options.settings });
  const secret = () => randomBytes(32).toString("base64url");
  const tokenKey = env.UNKNOT_TOKEN_KEY || secret();
  const linkKey = env.UNKNOT_LINK_KEY || secret();
  const previous = env.UNKNOT_LINK_KEY_PREVIOUS && env.UNKNOT_LINK_KEY_PREVIOUS !== "none" ? [env.UNKNOT_LINK_KEY_PREVIOUS] : [];

  const { store, items } = listable(memoryStore());
  const from = { name: settings.senderName, address: sendingAddress(config.sender, settings.fromAddress)! };
  const mail = memoryMailer(from);
  const context: Context = {
    store,
    key: tokenKey,
    linkKeys: linkKeys(linkKey, previous, tokenKey),
    mailer: mail.mailer,
    settings,
    memory: processMemory(),
    clock: () => new Date(),
    publicUrl: config.publicUrl?.replace(/\/$/, ""),
  };
  return { context, mail, store, items };
}

/**
 * The app as the local stack runs it, over real HTTP on a free port, but in-process on the
 * memory store and an in-memory mailer: the same helpers as `startTestStack`, for tests whose
 * point is the domain and the web, not DynamoDB or SES.
 */
export async function startMemoryStack(options: MemoryStackOptions = {}) {
  const { context, mail, store, items } = memoryContext(options);
  const app = createApp({ context: () => context, problems: () => [] });
  // port 0: the system's free port, taken at once (no other file can take it in between)
  const server = serve({ fetch: app.fetch, port: 0 });
  await new Promise<void>((ready) => server.once("listening", ready));
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  context.apiUrl = url;

  const helpers = {
    url,
    /** the domain's context the app runs with: for `runPass(stack.context, …)` and the like */
    context,
    app,
    /** the Lambda entry for this app, as `functions/handlers/api.ts` makes it */
    handler: handle(app),
    /** the mailer's controls: quota, faults, and every email as sent */
    mail,
    async mailbox(): Promise<MemoryEmail[]> {
      return mail.sent.map((email) => structuredClone(email));
    },
    async mailTo(address: string): Promise<MemoryEmail[]> {
      return sentTo(await helpers.mailbox(), address);
    },
    /** every item in the store: subscribers, rate-limit counters and suppression markers */
    items,
    /** every subscriber item, read as the table holds it (every field, whatever the status) */
    async subscribers(): Promise<StoredSubscriber[]> {
      return (await items()).filter((item) => "status" in item) as unknown as StoredSubscriber[];
    },
    async subscriber(email: string): Promise<StoredSubscriber | undefined> {
      return (await helpers.subscribers()).find((s) => s.email === email);
    },
    /** writes subscriber items as they are (seeded, instead of walked through the form) */
    async put(subscribers: readonly Subscriber[]) {
      for (const subscriber of subscribers) {
        if (!(await store.create(subscriber, []))) throw new Error("put: an item with this id is already stored");
      }
    },
    /** the signed links unknot would put in this subscriber's emails now (their round and link epoch) */
    async links(email: string) {
      const pk = subscriberIdFor(context.key, email);
      return linksFor(context.linkKeys, url, (await store.get(pk)) ?? { pk }, new Date());
    },
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
  return helpers;
}

export type MemoryStack = Awaited<ReturnType<typeof startMemoryStack>>;
