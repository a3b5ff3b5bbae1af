import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import { runPass } from "../functions/domain/sending/pass";
import { keyId } from "../functions/domain/links/tokens";
import { confirmedSubscriber } from "./support/people";
import { freePort, linkIn, postForm } from "./support/stack";
import { useTestStack } from "./support/use-stack";

/**
 * Rotating the link key, as an operator does it: the same data (dynalite) served by `npm start`
 * with a new `UNKNOT_LINK_KEY` and the old one as `UNKNOT_LINK_KEY_PREVIOUS`, then with the new
 * key alone. Old links work during the grace period and not after; subscriber ids never change.
 */

const stack = useTestStack();

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGTERM");
});

/** `npm start` in a process of its own, on the test stack's dynalite and SES, with these link keys. */
async function serveWith(keys: { UNKNOT_LINK_KEY: string; UNKNOT_LINK_KEY_PREVIOUS?: string }): Promise<string> {
  const port = await freePort();
  const env = {
    ...stack.cliEnv(),
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${stack.config.dynamoPort}`,
    AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${stack.config.sesPort}`,
    PORT: String(port),
    ...keys,
  };
  const child = spawn("node_modules/.bin/tsx", ["infra/dev/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  await new Promise<void>((ready, failed) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("unknot is running locally")) ready();
    });
    child.on("exit", (code) => failed(new Error(`npm start exited (${code}): ${output}`)));
  });
  return `http://localhost:${port}`;
}

const at = (origin: string, link: string) => {
  const url = new URL(link);
  return `${origin}${url.pathname}${url.search}`;
};
const kidOf = (link: string) =>
  (JSON.parse(Buffer.from(new URL(link).searchParams.get("token")!.split(".")[0]!, "base64url").toString()) as { k: string }).k;

describe("rotating the link key", () => {
  it("accepts the previous key's links during the grace period only, and keeps every subscriber id", async () => {
    const email = "rotates@example.com";
    const before = await confirmedSubscriber(stack, email);
    await runPass(getContext(), { now: new Date() });
    const [week1] = (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));
    const oldKey = readFileSync(join(stack.config.dataDir, "link-key"), "utf8").trim();
    const oldPause = linkIn(week1!, "/pause");
    expect(kidOf(oldPause)).toBe(keyId(oldKey));
    const newKey = "a-brand-new-link-key-0123456789abcdef";

    const rotating = await serveWith({ UNKNOT_LINK_KEY: newKey, UNKNOT_LINK_KEY_PREVIOUS: oldKey });
    const page = await fetch(at(rotating, oldPause));
    expect(page.status).toBe(200);
    // what the rotated app signs now carries the new key's id (the pause page offers an unsubscribe link)
    const newUnsubscribe = (await page.text()).match(/href="([^"]+\/unsubscribe\?token=[^"]+)"/)![1]!;
    expect(kidOf(newUnsubscribe)).toBe(keyId(newKey));
    // the same item answered: the id key (TokenKey) did not change
    expect((await postForm(at(rotating, oldPause), { action: "pause", weeks: "2" })).status).toBe(200);
    const paused = await stack.subscriber(email);
    expect(paused).toMatchObject({ pk: before.pk, status: "paused" });
    expect((await stack.subscribers()).filter((s) => s.email === email)).toHaveLength(1);
    running.splice(0).forEach((child) => child.kill("SIGTERM"));

    const rotated = await serveWith({ UNKNOT_LINK_KEY: newKey });
    expect((await fetch(at(rotated, oldPause))).status).toBe(400);
    expect((await fetch(at(rotated, newUnsubscribe))).status).toBe(200);
    expect((await postForm(at(rotated, newUnsubscribe), { "List-Unsubscribe": "One-Click" })).status).toBe(200);
    expect(await stack.subscriber(email)).toMatchObject({ pk: before.pk, status: "unsubscribed" });
  }, 120_000);
});
