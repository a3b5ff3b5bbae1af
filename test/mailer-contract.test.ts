import { SESClient } from "@aws-sdk/client-ses";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sesMailer } from "../functions/adapters/ses-mailer";
import type { OutgoingEmail } from "../functions/domain/ports";
import { localQuota } from "../infra/dev/env";
import { startLocalSes } from "../infra/dev/ses";
import { freePort, type StoredEmail } from "./support/http";
import { memoryMailer } from "./support/memory-stack";

/**
 * The in-memory mailer the memory stack uses, held to what the real path gives the tests: the
 * SES mailer through aws-ses-v2-local (MIME built, sent, parsed back by the emulator's mailbox).
 * The same emails go both ways; the mailboxes must read the same, so the two can't drift.
 */

const from = { name: "unknot", address: "coach@unknot.example" };
let servers: { close(done?: () => void): unknown }[];
let mailboxUrl: string;
let ses: ReturnType<typeof sesMailer>;

beforeAll(async () => {
  const port = await freePort();
  servers = await startLocalSes(port, localQuota({}));
  mailboxUrl = `http://127.0.0.1:${port}`;
  const client = new SESClient({ endpoint: mailboxUrl, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  ses = sesMailer(client, from, "unknot-local");
});
afterAll(async () => {
  for (const server of servers ?? []) await new Promise((done) => server.close(() => done(undefined)));
});

const emails: OutgoingEmail[] = [
  {
    to: "Reader.One@Example.com",
    subject: "Please confirm your unknot subscription — ünïcode “quotes”",
    text: "Hello,\n\nConfirm here: https://coach.example.org/confirm?token=abc.def\n\nunknot, 1 Example Street\n",
    html: '<p>Hello</p><p><a href="https://coach.example.org/confirm?token=abc.def">Confirm</a></p>',
  },
  {
    to: "second@example.com",
    subject: "Week 1: a long subject line that a mail composer may well fold over more than one header line",
    text: `${"A line of the weekly email that is long enough to be wrapped by quoted-printable encoding. ".repeat(4)}\n=3D not an escape\n`,
    html: `<table><tr><td>${"x".repeat(200)}</td></tr></table>`,
    unsubscribeUrl: "https://coach.example.org/unsubscribe?token=u",
  },
];

/** What the tests read of a mailbox entry. */
const read = (email: StoredEmail) => ({ from: email.from, to: email.destination.to, subject: email.subject, body: email.body });

describe("the in-memory mailer", () => {
  it("hands back every email as the SES emulator's mailbox does: from, to, subject, text and HTML", async () => {
    const memory = memoryMailer(from);
    for (const email of emails) {
      expect(await ses.send(email)).toMatch(/\S/);
      expect(await memory.mailer.send(email)).toMatch(/\S/);
    }
    const emulated = ((await (await fetch(`${mailboxUrl}/store`)).json()) as { emails: StoredEmail[] }).emails;
    expect(memory.sent.map(read)).toEqual(emulated.map(read));
    expect(new Set(memory.sent.map((m) => m.messageId)).size).toBe(emails.length);
  });

  it("reports the quota as the local SES does: its limits, and the sends of the last 24 hours", async () => {
    const memory = memoryMailer(from, localQuota({}));
    for (const email of emails) await memory.mailer.send(email);
    const emulated = await ses.quota();
    expect(await memory.mailer.quota()).toEqual({ ...emulated, sentLast24Hours: emails.length });
    expect(emulated.sentLast24Hours).toBe(emails.length);
  });

  it("fails the next sends when told, as SES throttling does, then sends again", async () => {
    const memory = memoryMailer(from);
    memory.failNext(2);
    await expect(memory.mailer.send(emails[0]!)).rejects.toMatchObject({ name: "Throttling" });
    await expect(memory.mailer.send(emails[0]!)).rejects.toMatchObject({ name: "Throttling" });
    await memory.mailer.send(emails[0]!);
    expect(memory.sent).toHaveLength(1);
  });
});
