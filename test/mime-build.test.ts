import * as fc from "fast-check";
import { simpleParser, type ParsedMail } from "mailparser";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { describe, expect, it } from "vitest";
import { composeMime, quotedPrintable, type MimeMessage } from "../functions/adapters/mime";
import { buildMime } from "../functions/adapters/ses-mailer";
import { emailSettings } from "../functions/domain/brand";
import { linksFor } from "../functions/domain/links/links";
import { linkKeys } from "../functions/domain/links/tokens";
import { weeklyEmail } from "../functions/domain/sending/weekly-email";
import type { Settings } from "../functions/domain/settings";
import type { OutgoingEmail } from "../functions/email/outgoing-email";
import { systemEmail } from "../functions/email/system-emails";
import { templates } from "../functions/email/templates";
import { subscriberItem, variedOptions } from "./support/seed";

/**
 * unknot writes its MIME messages itself (the sender's CPU per email: nodemailer's composer
 * took several times as long). What a mail client reads from them must be exactly what it reads
 * from nodemailer's message for the same email (nodemailer being the reference it replaced),
 * for every week of many programs and every system email; and any text, HTML, subject or
 * sender's name must come back unchanged, in lines a mail server accepts.
 */
const key = "k".repeat(32);
const settings: Settings = {
  senderName: "Clinic Coach – Dr. Müller",
  fromAddress: "coach@unknot.example",
  postalAddress: "Praxis, Hauptstraße 1, 10115 Berlin",
  sendHour: 8,
  maxSendRate: 14,
  quotaShare: 0.8,
  signupsPerIpHour: 5,
  retentionMonths: 12,
};
const from = { name: settings.senderName, address: settings.fromAddress };
const baseUrl = "https://abc123.lambda-url.eu-west-1.on.aws";
const date = new Date("2026-12-01T08:00:00Z");

/** The same email as nodemailer's composer writes it. */
const byNodemailer = (email: OutgoingEmail) =>
  new MailComposer({
    from,
    date,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    textEncoding: "quoted-printable",
    newline: "windows",
    ...(email.unsubscribeUrl && { headers: { "List-Unsubscribe": `<${email.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } }),
  })
    .compile()
    .build();

/** What a mail client shows of a message, and the headers that act on it. */
const read = (mail: ParsedMail) => ({
  from: mail.from?.value,
  to: mail.to && !Array.isArray(mail.to) ? mail.to.value : mail.to,
  subject: mail.subject,
  date: mail.date?.toISOString(),
  list: mail.headers.get("list"),
  text: mail.text,
  html: mail.html,
  parts: mail.attachments.length,
});

/**
 * Lines a mail server takes: CRLF endings only, ASCII only, body lines of at most 76 characters
 * (quoted-printable's limit) and header lines of at most 78 unless one word is longer (a signed
 * link in List-Unsubscribe can't be folded; 998 is the hard limit).
 */
function expectWellFormed(raw: Buffer) {
  const message = raw.toString("latin1");
  expect(message).toMatch(/^[\x20-\x7e\r\n\t]*$/);
  expect([...message.matchAll(/(?<!\r)\n|\r(?!\n)/g)]).toHaveLength(0);
  const [head, ...body] = message.split("\r\n\r\n");
  expect(head!.split("\r\n").filter((line) => line.length > 78 && !/^ \S+$/.test(line) && line.length <= 998)).toEqual([]);
  expect(body.join("\r\n\r\n").split("\r\n").filter((line) => line.length > 76)).toEqual([]);
}

async function expectReadsAsNodemailers(email: OutgoingEmail) {
  const ours = buildMime(from, email, date);
  expectWellFormed(ours);
  expect(read(await simpleParser(ours))).toEqual(read(await simpleParser(await byNodemailer(email))));
}

describe("the MIME message unknot writes", () => {
  it("reads back as nodemailer's message for the same email, for every week of many programs", async () => {
    let compared = 0;
    for (let i = 0; i < 16; i++) {
      const subscriber = subscriberItem(key, `Reader.${i}@Example.com`, { state: "active", ...variedOptions(i), flags: i % 3 ? [] : ["fever", "weight"] });
      const checkins = Object.fromEntries(subscriber.program!.map((_, w) => [String(w + 1), { score: (i + w) % 11, at: "2026-11-01T08:00:00.000Z", note: w % 2 ? "walks — and “tea” ☕" : undefined }]));
      const links = linksFor(linkKeys(key), baseUrl, subscriber, new Date());
      for (let week = 1; week <= subscriber.program!.length; week++) {
        await expectReadsAsNodemailers(weeklyEmail({ ...subscriber, checkins, week: week + 1 }, week, links, settings, baseUrl));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(120);
  });

  it("reads back as nodemailer's message for every system email", async () => {
    for (const kind of Object.keys(templates.system) as (keyof typeof templates.system)[]) {
      await expectReadsAsNodemailers(systemEmail(kind, "new.reader@example.org", `${baseUrl}/confirm?token=x&y=1`, emailSettings(settings, baseUrl)));
    }
  });

  it("gives back any text, HTML, subject and sender's name unchanged, in well-formed lines", async () => {
    // long lines, spaces and tabs at line ends, "=", every kind of character, the boundary's own text
    const text = fc.stringMatching(/^[ \t=a-z.\n-]{0,200}$/).chain((plain) =>
      fc.array(fc.oneof(fc.constant(plain), fc.string({ unit: "grapheme", maxLength: 120 }), fc.constant("--=_unknot_x"), fc.constant(" \t")), { maxLength: 6 }).map((parts) => parts.join("")),
    );
    const oneLine = fc.string({ unit: "grapheme", maxLength: 90 });
    await fc.assert(
      fc.asyncProperty(text, text, oneLine, oneLine, async (body, html, subject, name) => {
        // (an email is never empty: mailparser reads an empty part as one line break)
        const message: MimeMessage = { from: { name: `Clinic ${name}`, address: "coach@unknot.example" }, to: "reader@example.org", subject: `Week ${subject}`, date, text: `Hello ${body}`, html: `<p>${html}</p>` };
        const raw = composeMime(message);
        expectWellFormed(raw);
        const mail = await simpleParser(raw);
        // as a reader sees a header: line breaks and other controls as spaces, runs of space as one
        const flat = (value: string) => value.replace(/[\x00-\x20\x7f]+/g, " ").trim();
        expect(mail.text ?? "").toBe(`Hello ${body}`.replace(/\r\n?/g, "\n"));
        expect(mail.html).toBe(`<p>${html.replace(/\r\n?/g, "\n")}</p>`);
        expect(flat(mail.subject ?? "")).toBe(flat(`Week ${subject}`));
        expect(flat(mail.from?.value[0]?.name ?? "")).toBe(flat(`Clinic ${name}`));
        expect(mail.attachments).toHaveLength(0);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps each escaped character whole on one line, and no encoded line over 76 characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 60, maxLength: 400 }), (line) => {
        const encoded = quotedPrintable(line.replace(/[\r\n]/g, ""));
        for (const row of encoded.split("\r\n")) {
          expect(row.length).toBeLessThanOrEqual(76);
          // a soft break never follows the first bytes of a character: the next row doesn't start with a continuation byte
          expect(row).not.toMatch(/^=[89AB]/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("lets no header be added through the subject, the sender's name or an address", async () => {
    const raw = composeMime({ from: { name: "Clinic\r\nBcc: x@evil.example", address: "coach@unknot.example" }, to: "reader@example.org", subject: "Hello\r\nBcc: x@evil.example", date, text: "t", html: "h" });
    const mail = await simpleParser(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.headers.has("bcc")).toBe(false);
    expect(mail.subject).toBe("Hello Bcc: x@evil.example");
    const message = { from, to: "reader@example.org", subject: "s", date, text: "t", html: "h" };
    expect(() => composeMime({ ...message, to: "reader@example.org\r\nBcc: x@evil.example" })).toThrow(/plain email address/);
    expect(() => composeMime({ ...message, to: "Someone <reader@example.org>" })).toThrow(/plain email address/);
    const header = await simpleParser(composeMime({ ...message, headers: { "List-Unsubscribe": "<https://a.example/u>\r\nBcc: x@evil.example" } }));
    expect(header.headers.has("bcc")).toBe(false);
  });

  it("is what the SES mailer sends: one-click unsubscribe headers when the email has a link to leave", async () => {
    const weekly = weeklyEmail({ ...subscriberItem(key, "x@example.org", { state: "active" }), week: 2 }, 1, linksFor(linkKeys(key), baseUrl, subscriberItem(key, "x@example.org", { state: "active" }), date), settings, baseUrl);
    const mail = await simpleParser(buildMime(from, weekly));
    const line = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/\r\n /g, " ");
    expect(line("list-unsubscribe")).toBe(`List-Unsubscribe: <${weekly.unsubscribeUrl}>`);
    expect(line("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    const confirm = await simpleParser(buildMime(from, systemEmail("confirm", "x@example.org", "https://a.example/c", emailSettings(settings, baseUrl))));
    expect(confirm.headers.has("list-unsubscribe")).toBe(false);
  });
});
