import { request } from "node:http";
import { createServer } from "node:net";

/**
 * What tests need to talk to the app over HTTP, whichever stack serves it (the real local
 * stack, `stack.ts`, or the memory stack, `memory-stack.ts`): light, so a memory-stack file
 * never loads dynalite or the SES emulator.
 */

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
