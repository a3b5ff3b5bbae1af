import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { GetSendQuotaCommand, SESClient } from "@aws-sdk/client-ses";
import { describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import { runPass } from "../functions/domain/sending/pass";
import { subscriberIdFor } from "../functions/domain/links/tokens";
import { templates } from "../functions/email/templates";
import { confirmedSubscriber } from "./support/people";
import { linkIn, type StoredEmail } from "./support/stack";
import { useTestStack } from "./support/use-stack";

/**
 * The operator's commands against the running local stack (dynalite and the SES emulator),
 * each in a process of its own as an operator runs it, and the local SES front they rely on.
 * `npm run ses-event` goes through the deployed SES events handler (functions/handlers/ses-events.ts),
 * the one place it is driven with its context read from the linked resources.
 */

const stack = useTestStack();

const DAY = 86_400_000;
const subjectOf = (id: string) => templates.program.find((w) => w.id === id)!.subject;
const pass = (at: Date | number) => runPass(getContext(), { now: new Date(at) });
/** A sample SES notification from test/fixtures/ses, addressed to `to`. */
const SAMPLE_ADDRESS = "reader@example.com";
const sample = (name: string, to = SAMPLE_ADDRESS) =>
  readFileSync(join("test/fixtures/ses", `${name}.json`), "utf8").replaceAll(SAMPLE_ADDRESS, to);
const subscribers = async () => (await stack.subscribers()).sort((a, b) => a.pk.localeCompare(b.pk));
const programMail = async (email: string): Promise<StoredEmail[]> =>
  (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));

describe("npm run send", { timeout: 90_000 }, () => {
  const send = (...args: string[]) =>
    promisify(execFile)("node_modules/.bin/tsx", ["infra/ops/send-weekly-emails.ts", ...args], { env: stack.cliEnv() });

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

describe("the operator's export (npm run export)", { timeout: 90_000 }, () => {
  const exportCli = (...args: string[]) =>
    promisify(execFile)("node_modules/.bin/tsx", ["infra/ops/export.ts", ...args], { env: stack.cliEnv() });

  it("prints everything held about one address, found by the address as typed", async () => {
    await confirmedSubscriber(stack, "asked@example.com");
    await pass(getContext().clock()); // `npm run send -- --at` above moved the local clock
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

describe("npm run ses-event", { timeout: 90_000 }, () => {
  function cli(args: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = stack.cliEnv();
    return new Promise((done) => {
      const child = execFile("node_modules/.bin/tsx", ["infra/ops/ses-event.ts", ...args], { env }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
      child.stdin?.end(stdin);
    });
  }
  const saved = (name: string, email: string) => {
    const file = join(stack.config.dataDir, `${name}-${email}.json`);
    writeFileSync(file, sample(name, email));
    return file;
  };

  it("feeds a notification from a file through the real handler against the local stack", async () => {
    const email = "cli-bounce@example.com";
    await confirmedSubscriber(stack, email);

    const { code, stdout, stderr } = await cli(["bounce", saved("bounce-permanent", email)]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^bounce: suppressed \(1 newly bounced, 0 already suppressed\)$/m);
    expect(stdout + stderr).not.toContain(email);
    expect(await stack.subscriber(email)).toMatchObject({ status: "bounced", statusReason: "bounce: Permanent/General" });
    expect((await stack.subscriber(email))?.dueAt).toBeUndefined();
  });

  it("reads stdin when no file is given", async () => {
    const email = "cli-complaint@example.com";
    await confirmedSubscriber(stack, email);
    const { code, stdout } = await cli(["complaint"], sample("complaint", email));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^complaint: suppressed \(1 newly complained, 0 already suppressed\)$/m);
    expect((await stack.subscriber(email))?.status).toBe("complained");
  });

  it("works with every shipped sample, and refuses a kind that doesn't match", async () => {
    const email = "cli-samples@example.com";
    await confirmedSubscriber(stack, email);
    const before = await subscribers();
    const fixtures = "test/fixtures/ses";

    const transient = await cli(["bounce", saved("bounce-transient", email)]);
    expect(transient).toMatchObject({ code: 0, stdout: expect.stringMatching(/^bounce: ignored \(transient bounce\)$/m) });
    const delivery = await cli(["delivery", join(fixtures, "delivery.json")]);
    expect(delivery).toMatchObject({ code: 0, stdout: expect.stringMatching(/^delivery: ignored \(delivery\)$/m) });
    const malformed = await cli(["bounce", saved("malformed", email)]);
    expect(malformed.code).toBe(1);
    expect(malformed.stdout).toMatch(/^bounce: rejected \(not an SES bounce, complaint or delivery notification/m);
    const mismatch = await cli(["bounce", join(fixtures, "complaint.json")]);
    expect(mismatch).toMatchObject({ code: 2, stderr: expect.stringContaining("Expected a bounce notification, but the input is a Complaint") });
    const subscription = await cli(["bounce", join(fixtures, "subscription-confirmation.json")]);
    expect(subscription).toMatchObject({ code: 2, stderr: expect.stringContaining("SubscriptionConfirmation (an SNS message)") });
    const usage = await cli(["open"]);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining("usage: npm run ses-event") });
    expect(await subscribers()).toEqual(before);

    const sampleBounce = await cli(["bounce", join(fixtures, "bounce-permanent.json")]);
    expect(sampleBounce.code).toBe(0);
    const complaint = await cli(["complaint", join(fixtures, "complaint.json")]);
    expect(complaint.code).toBe(0);
    const pk = subscriberIdFor(getContext().key, SAMPLE_ADDRESS);
    expect((await stack.subscribers()).find((s) => s.pk === pk)?.status).toBe("complained");
  }, 120_000);
});

describe("the local SES", () => {
  it("answers GetSendQuota, counting what the mailbox received in the last 24 hours", async () => {
    const ses = new SESClient({});
    const quota = await ses.send(new GetSendQuotaCommand({}));
    expect(quota.Max24HourSend).toBe(50_000);
    expect(quota.SentLast24Hours).toBe((await stack.mailbox()).length);
  });
});
