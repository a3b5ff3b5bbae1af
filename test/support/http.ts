import { request } from "node:http";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * What tests need to talk to the app over HTTP, whichever stack serves it (the real local
 * stack, `stack.ts`, or the memory stack, `memory-stack.ts`): light, so a memory-stack file
 * never loads dynalite or the SES emulator.
 */

/** Ports in a block of their own per vitest worker, so two files running at once never pick the same one. */
const BLOCK = 1000;
let handedOut = 0;

/**
 * The block this process takes its ports from: below the kernel's ephemeral range. A port the
 * kernel hands out itself (`listen(0)`) comes from that range, which every outgoing connection
 * draws from too, so in the gap before a test's server binds it a client socket could take it
 * (CI once saw "Port 45083 is already in use"). Outside that range only a server asks for a port.
 */
const block = (() => {
  let ephemeralFrom = 32768;
  try {
    ephemeralFrom = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || ephemeralFrom;
  } catch {
    // not Linux: the usual range
  }
  const first = 10_000;
  const blocks = Math.floor((ephemeralFrom - first) / BLOCK);
  if (blocks < 1) return undefined; // an ephemeral range that starts low: ask the kernel
  const worker = Number(process.env.VITEST_POOL_ID ?? 0); // 1..maxWorkers under vitest, 0 for `npm run bench`
  return { first: first + (worker % blocks) * BLOCK, offset: Math.floor(Math.random() * BLOCK) };
})();

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const free = await new Promise<boolean>((answer) => {
    server.once("error", () => answer(false));
    // every interface, as the app listens: free here is free on 127.0.0.1 too
    server.listen(port, () => answer(true));
  });
  if (free) await new Promise((done) => server.close(done));
  return free;
}

/** A port no server is listening on, and one this process has not handed out before. */
export async function freePort(): Promise<number> {
  if (!block) return kernelPort();
  for (let tries = 0; tries < BLOCK; tries++) {
    const port = block.first + ((block.offset + handedOut++) % BLOCK);
    if (await canListen(port)) return port;
  }
  return kernelPort();
}

async function kernelPort(): Promise<number> {
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

/** The emails addressed to `address`, however the recipient was written ("Name <a@b>", any case). */
export function sentTo<E extends StoredEmail>(emails: readonly E[], address: string): E[] {
  const bare = (to: string) => (to.match(/<([^>]+)>/)?.[1] ?? to).trim().toLowerCase();
  return emails.filter((email) => email.destination.to.some((to) => bare(to) === address));
}

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
