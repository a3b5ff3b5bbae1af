import { createHash } from "node:crypto";
import fc from "fast-check";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { afterAll, beforeAll, vi } from "vitest";
import type { Context } from "../../functions/domain/context";
import { startMemoryStack, type MemoryStack } from "./memory-stack";

/**
 * The HTTP edge, driven by generated requests. A request goes in through one of the two doors
 * the app has: `fetch` (the Hono app as @hono/node-server hands it requests locally) or
 * `lambda` (the deployed entry point, `functions/handlers/api.ts`, with a Function URL event as AWS
 * builds it: header values clean, any body base64-encoded).
 */
export type Door = "fetch" | "lambda";
export const doors = fc.constantFrom<Door>("fetch", "lambda");

export interface Probe {
  method: "GET" | "POST";
  path: string;
  /** the raw query string, without "?" */
  query?: string;
  contentType?: string;
  body?: Uint8Array;
  /** extra request headers (through the Lambda door) */
  headers?: Record<string, string>;
  /** the client address AWS reports (Lambda door) */
  sourceIp?: string;
}

export interface Answer {
  status: number;
  body: string;
}

type App = { fetch(request: Request): Response | Promise<Response> };
type Handler = (event: LambdaEvent, context: LambdaContext) => Promise<{ statusCode?: number; body?: string; isBase64Encoded?: boolean }>;

const HOST = "fuzz.lambda-url.eu-west-1.on.aws";

function functionUrlEvent(probe: Probe): LambdaEvent {
  const headers: Record<string, string> = { host: HOST, "x-forwarded-proto": "https", "user-agent": "fuzz", ...probe.headers };
  if (probe.contentType !== undefined) headers["content-type"] = probe.contentType;
  if (probe.body) headers["content-length"] = String(probe.body.byteLength);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: probe.path,
    rawQueryString: probe.query ?? "",
    headers,
    requestContext: {
      accountId: "anonymous",
      apiId: "fuzz",
      domainName: HOST,
      domainPrefix: "fuzz",
      http: { method: probe.method, path: probe.path, protocol: "HTTP/1.1", sourceIp: probe.sourceIp ?? "203.0.113.9", userAgent: "fuzz" },
      requestId: "fuzz",
      routeKey: "$default",
      stage: "$default",
      time: "01/Mar/2025:09:00:00 +0000",
      timeEpoch: 1_740_819_600_000,
    },
    body: probe.body ? Buffer.from(probe.body).toString("base64") : undefined,
    isBase64Encoded: Boolean(probe.body),
  } as LambdaEvent;
}

const lambdaContext = { getRemainingTimeInMillis: () => 29_000 } as LambdaContext;

/** Sends a probe through a door. A Lambda invocation that throws counts as AWS's 502. */
export function edge(stack: { url: string }, app: App, handler: Handler) {
  return async (probe: Probe, door: Door): Promise<Answer> => {
    if (door === "fetch") {
      const url = `${stack.url}${probe.path}${probe.query !== undefined ? `?${probe.query}` : ""}`;
      const headers = probe.contentType !== undefined ? { "content-type": probe.contentType } : undefined;
      const response = await app.fetch(new Request(url, { method: probe.method, headers, body: probe.body }));
      return { status: response.status, body: await response.text() };
    }
    try {
      const result = await handler(functionUrlEvent(probe), lambdaContext);
      const body = result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64").toString("utf8") : (result.body ?? "");
      return { status: result.statusCode ?? 200, body };
    } catch {
      return { status: 502, body: "" };
    }
  };
}

/**
 * Counts what requests do to the outside world: store writes that took effect and emails
 * handed to SES. The context's store and mailer are wrapped in place (pass-through, nothing
 * mocked), so every route, including ones added later, is watched without knowing its code.
 */
export function watchEffects(ctx: Context) {
  const effects = { writes: 0, sends: 0 };
  const reads = new Set<PropertyKey>(["get", "due", "scan", "counted"]);
  ctx.store = new Proxy(ctx.store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      if (reads.has(name)) return value.bind(target);
      return async (...args: unknown[]) => {
        const result = await value.apply(target, args);
        if (result !== undefined && result !== false) effects.writes++;
        return result;
      };
    },
  });
  const mailer = ctx.mailer;
  ctx.mailer = new Proxy(mailer, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (name === "send") effects.sends++;
        return value.apply(target, args);
      };
    },
  });
  return {
    effects,
    reset() {
      effects.writes = 0;
      effects.sends = 0;
    },
  };
}

/** The table's whole contents (hashed) and the mailbox's size: what "nothing changed" means. */
export async function snapshot(stack: Pick<MemoryStack, "subscribers" | "mailbox">) {
  const items = (await stack.subscribers()).sort((a, b) => a.pk.localeCompare(b.pk));
  return {
    items: items.length,
    digest: createHash("sha256").update(JSON.stringify(items)).digest("hex"),
    mail: (await stack.mailbox()).length,
  };
}

/** fast-check settings: at least 1,000 runs per property unless told otherwise; FUZZ_SEED replays a failure. */
export function runs(numRuns = 1000): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns, seed, endOnFailure: false };
}

// ---- generated parts of requests ----

const encoder = new TextEncoder();
export const bytes = (text: string) => encoder.encode(text);

/** Percent-encodes every byte that isn't unreserved, as a browser's form encoder would. */
export function percentEncode(text: string): string {
  return Array.from(encoder.encode(text), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}

/** Any text at all: control characters, lone surrogates, emoji, right-to-left marks. */
export const anyText = (maxLength = 40) =>
  fc.oneof(fc.string({ maxLength, unit: "binary" }), fc.string({ maxLength, unit: "grapheme" }), fc.string({ maxLength }));

/** Text a URL parser will meet raw: delimiters, stray percents, spaces, non-ASCII. */
export const rawQueryText = fc.string({
  maxLength: 60,
  unit: fc.constantFrom(..."abcXYZ019=&%+;,/?#[]@!$'()* ~-_.é☃\\\"<>{}|^`".split(""), "%2", "%zz", "%00", "%0A", "%E2%98"),
});

/** Extra query parameters that no route reads. */
export const junkParams = fc
  .array(fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), anyText(20)), { maxLength: 3 })
  .map((pairs) => pairs.filter(([name]) => name !== "token").map(([name, value]) => `${name}=${percentEncode(value)}`));

export const FORM = "application/x-www-form-urlencoded";

export type Fields = readonly (readonly [string, string])[];

/** Encodes fields as a browser does: `application/x-www-form-urlencoded`, or `multipart/form-data` via FormData. */
export async function encodeForm(
  fields: Fields,
  encoding: "urlencoded" | "multipart",
  file?: string,
): Promise<{ contentType: string; body: Uint8Array }> {
  if (encoding === "urlencoded") {
    const body = fields.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join("&");
    return { contentType: FORM, body: bytes(body) };
  }
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  if (file !== undefined) form.append(file, new Blob([bytes("not a form field")]), "upload.txt");
  const request = new Request("http://form.invalid/", { method: "POST", body: form });
  return { contentType: request.headers.get("content-type")!, body: new Uint8Array(await request.arrayBuffer()) };
}

/** A request body, described so that fast-check can shrink and print it. */
export type BodySpec =
  | { kind: "raw"; contentType?: string; body?: Uint8Array }
  | { kind: "form"; encoding: "urlencoded" | "multipart"; fields: [string, string][]; file?: string };

export async function bodyOf(spec: BodySpec): Promise<{ contentType?: string; body?: Uint8Array }> {
  return spec.kind === "raw" ? spec : encodeForm(spec.fields, spec.encoding, spec.file);
}

const contentTypes = fc.constantFrom(
  FORM,
  `${FORM}; charset=UTF-8`,
  "APPLICATION/X-WWW-FORM-URLENCODED",
  "application/json",
  "text/plain",
  "application/octet-stream",
  "",
);

/** Bodies of every shape: random bytes under any content type, and well-formed forms of random fields, with files. */
export const arbitraryBody: fc.Arbitrary<BodySpec> = fc.oneof(
  fc.record(
    {
      kind: fc.constant("raw" as const),
      contentType: contentTypes,
      body: fc.uint8Array({ maxLength: 600 }),
    },
    { requiredKeys: ["kind"] },
  ),
  fc.record(
    {
      kind: fc.constant("form" as const),
      encoding: fc.constantFrom("urlencoded" as const, "multipart" as const),
      fields: fc.array(fc.tuple(anyText(12), anyText(40)), { maxLength: 6 }),
      file: fc.constantFrom("email", "consent", "note", "x"),
    },
    { requiredKeys: ["kind", "encoding", "fields"] },
  ),
);

/** multipart/form-data that doesn't parse: no boundary, an empty one, or a body that never uses it. */
export const malformedMultipart = fc.record({
  kind: fc.constant("raw" as const),
  contentType: fc.constantFrom("multipart/form-data", "multipart/form-data; boundary=xyz", "multipart/form-data; boundary="),
  body: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 100 }).map(bytes)),
});

/**
 * For a fuzz file: the app on the memory stack, the two doors into it, and the watch on writes
 * and sends. Read its fields inside tests (they are set before the first one runs).
 */
export function useFuzzRig() {
  const rig = {} as { stack: MemoryStack; send: ReturnType<typeof edge>; watch: ReturnType<typeof watchEffects> };
  beforeAll(async () => {
    // one structured log line per request, tens of thousands of them: nothing to read here
    vi.spyOn(console, "log").mockImplementation(() => {});
    rig.stack = await startMemoryStack();
    rig.send = edge(rig.stack, rig.stack.app, rig.stack.handler);
    rig.watch = watchEffects(rig.stack.context);
  });
  afterAll(async () => {
    await rig.stack?.stop();
    vi.restoreAllMocks();
  });
  return rig;
}
