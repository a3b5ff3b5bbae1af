import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { moveFileClock } from "../functions/runtime/clock";
import { clockFile } from "../infra/dev/env";
import { localTime } from "../infra/dev/local-time";
import { freePort } from "./support/http";

/**
 * `npm start` as an operator runs it, in a process of its own: a port it can't have is one line
 * naming the variable to set, and the banner shows the local clock, with its time zone, as the
 * data folder keeps it.
 */

const DAY = 86_400_000;
const held: Server[] = [];
afterAll(() => Promise.all(held.map((server) => new Promise((done) => server.close(done)))));

async function busyPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  held.push(server);
  return (server.address() as { port: number }).port;
}

async function ports() {
  return { PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()), SES_PORT: String(await freePort()) };
}

/** The environment of a fresh shell: nothing a stack in this process set. */
const shell = () =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(SST_RESOURCE_|AWS_ENDPOINT_URL_|AWS_SDK_JS_NODE)/.test(name)));

/** Runs `npm start`'s entry until it exits, or until `until` appears on stdout (then stops it with Ctrl-C). */
function start(env: Record<string, string>, until?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("node_modules/.bin/tsx", ["infra/dev/start.ts"], {
    env: { ...shell(), DATA_DIR: mkdtempSync(join(tmpdir(), "unknot-start-")), ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    if (until && stdout.includes(until)) child.kill("SIGINT");
  });
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((done) => child.on("exit", (code) => done({ code, stdout, stderr })));
}

describe("npm start", { timeout: 90_000 }, () => {
  for (const variable of ["PORT", "DYNAMODB_PORT", "SES_PORT"] as const) {
    it(`on a busy ${variable}, says so in one line naming ${variable} and exits non-zero, with no stack trace`, async () => {
      const busy = await busyPort();
      const { code, stdout, stderr } = await start({ ...(await ports()), [variable]: String(busy) });
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toEqual([
        `Port ${busy} is already in use: set ${variable} to a free port (e.g. ${variable}=${busy + 1} npm start).`,
      ]);
      expect(stdout).not.toContain("unknot is running");
    });
  }

  it("shows the local clock the data folder keeps, with its time zone", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "unknot-start-"));
    const ahead = new Date(Date.now() + 30 * DAY);
    moveFileClock(clockFile({ dataDir }), ahead);
    const { code, stdout } = await start({ ...(await ports()), DATA_DIR: dataDir, TZ: "Europe/Berlin" }, "Press Ctrl-C");
    expect(code).toBe(0);
    const shown = /Local clock: (.+) \(30 days ahead of the real time\)/.exec(stdout)?.[1];
    expect(shown).toMatch(/ CES?T$/); // the time zone, by name
    expect(shown!.slice(0, 16)).toBe(localTime(ahead, "Europe/Berlin").slice(0, 16));
    expect(stdout).toMatch(/next pass: .+ CES?T, real time/);
  });
});
