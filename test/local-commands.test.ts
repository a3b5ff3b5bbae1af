import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { GetSendQuotaCommand, SESClient } from "@aws-sdk/client-ses";
import { describe, expect, it } from "vitest";
import { getContext } from "../functions/core/context";
import { runPass } from "../functions/core/sender";
import { templates } from "../functions/email/templates";
import { confirmedSubscriber } from "./support/people";
import { linkIn, type StoredEmail } from "./support/stack";
import { useTestStack } from "./support/use-stack";

/**
 * The operator's commands against the running local stack (dynalite and the SES emulator),
 * each in a process of its own as an operator runs it, and the local SES front they rely on.
 */

const stack = useTestStack();

const DAY = 86_400_000;
const subjectOf = (id: string) => templates.program.find((w) => w.id === id)!.subject;
const pass = (at: Date | number) => runPass(getContext(), { now: new Date(at) });
const programMail = async (email: string): Promise<StoredEmail[]> =>
  (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));

describe("npm run send", () => {
  const send = (...args: string[]) =>
    promisify(execFile)("node_modules/.bin/tsx", ["infra/local/send.ts", ...args], { env: stack.cliEnv() });

  it("runs one pass of the real handler against the running local stack and prints a one-line summary", async () => {
    const email = "cli@example.com";
    await confirmedSubscriber(stack, email);
    const at = new Date(Date.now() + 60_000).toISOString();
    const { stdout } = await send("--at", at);
    expect(stdout.trim()).toMatch(new RegExp(`^sender pass at ${at}: due \\d+, sent \\d+, failed 0, skipped 0, deferred 0$`));
    const [week1] = await programMail(email);
    expect(week1?.subject).toBe(subjectOf("cycle"));
    expect(linkIn(week1!, "/unsubscribe").startsWith(`http://localhost:${stack.config.port}/`)).toBe(true);
  });

  it("with --at next, moves the clock to the next due email, so repeating it walks through the weeks", async () => {
    await pass(Date.now() + 365 * DAY); // everyone else is up to date, or finished
    const email = "next@example.com";
    await confirmedSubscriber(stack, email, { answers: ["mood"] });
    await send("--at", "next");
    await send("--at", "next");
    const subjects = (await programMail(email)).map((m) => m.subject);
    expect(subjects).toEqual([subjectOf("cycle"), subjectOf("breathing")]);
  });

  it("refuses a time it can't read", async () => {
    await expect(send("--at", "someday")).rejects.toMatchObject({ code: 2 });
  });
});

describe("the operator's export (npm run export)", () => {
  const exportCli = (...args: string[]) =>
    promisify(execFile)("node_modules/.bin/tsx", ["infra/local/export.ts", ...args], { env: stack.cliEnv() });

  it("prints everything held about one address, found by the address as typed", async () => {
    await confirmedSubscriber(stack, "asked@example.com");
    await pass(Date.now());
    const { stdout } = await exportCli(" Asked@Example.com ");
    const data = JSON.parse(stdout);
    expect(data).toMatchObject({ email: "asked@example.com", status: "active" });
    expect(data.emailsSent).toHaveLength(1);
  });

  it("says so, and fails, when nothing is held for the address", async () => {
    await expect(exportCli("nobody@example.com")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("no data") });
    await expect(exportCli()).rejects.toMatchObject({ code: 2 });
  });
});

describe("the local SES", () => {
  it("answers GetSendQuota, counting what the mailbox received in the last 24 hours", async () => {
    const ses = new SESClient({});
    const quota = await ses.send(new GetSendQuotaCommand({}));
    expect(quota.Max24HourSend).toBe(50_000);
    expect(quota.SentLast24Hours).toBe((await stack.mailbox()).length);
  });
});
