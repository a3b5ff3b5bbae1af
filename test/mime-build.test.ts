import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type Mail from "nodemailer/lib/mailer/index.js";
import { describe, expect, it } from "vitest";
import { composeMime } from "../functions/adapters/mime";
import { buildMime } from "../functions/adapters/ses-mailer";
import { linksFor } from "../functions/domain/links/links";
import { linkKeys } from "../functions/domain/links/tokens";
import { weeklyEmail } from "../functions/domain/sending/weekly-email";
import type { Settings } from "../functions/domain/settings";
import { emailSettings } from "../functions/domain/brand";
import { systemEmail } from "../functions/email/system-emails";
import { templates } from "../functions/email/templates";
import { subscriberItem, variedOptions } from "./support/seed";

/**
 * unknot writes its MIME messages in one go rather than through nodemailer's streams (the
 * sender's CPU per email). What it writes must be exactly what nodemailer's composer writes for
 * the same message: with the parts nodemailer picks at random (the boundary, the Message-ID and
 * the date) pinned, the two are compared byte for byte, for every week of many programs and
 * every system email.
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
const pinned = { baseBoundary: "0123456789abcdef", messageId: "<pinned@unknot.example>", date: new Date("2026-12-01T08:00:00Z") };

/** The options buildMime gives the composer, for this email, with nodemailer's random parts pinned. */
function options(email: ReturnType<typeof systemEmail>): Mail.Options {
  return {
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    textEncoding: "quoted-printable",
    ...(email.unsubscribeUrl && { headers: { "List-Unsubscribe": `<${email.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } }),
    ...pinned,
  };
}
const byNodemailer = (mail: Mail.Options) => new MailComposer({ ...mail, newline: "windows" }).compile().build();

describe("the MIME message unknot writes", () => {
  it("is byte for byte nodemailer's, for every week of many programs", async () => {
    let compared = 0;
    for (let i = 0; i < 60; i++) {
      const subscriber = subscriberItem(key, `Reader.${i}@Example.com`, { state: "active", ...variedOptions(i), flags: i % 3 ? [] : ["fever", "weight"] });
      const checkins = Object.fromEntries(subscriber.program!.map((_, w) => [String(w + 1), { score: (i + w) % 11, at: "2026-11-01T08:00:00.000Z", note: w % 2 ? "walks — and “tea” ☕" : undefined }]));
      const links = linksFor(linkKeys(key), baseUrl, subscriber, new Date());
      for (let week = 1; week <= subscriber.program!.length; week++) {
        const mail = options(weeklyEmail({ ...subscriber, checkins, week: week + 1 }, week, links, settings, baseUrl));
        expect((await composeMime(mail)).toString("latin1")).toBe((await byNodemailer(mail)).toString("latin1"));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it("is byte for byte nodemailer's for every system email", async () => {
    for (const kind of Object.keys(templates.system) as (keyof typeof templates.system)[]) {
      const mail = options(systemEmail(kind, "new.reader@example.org", `${baseUrl}/confirm?token=x&y=1`, emailSettings(settings, baseUrl)));
      expect((await composeMime(mail)).toString("latin1")).toBe((await byNodemailer(mail)).toString("latin1"));
    }
  });

  it("leaves any other shape of message to nodemailer", async () => {
    const mail: Mail.Options = { from, to: "a@example.org", subject: "x", text: "only text", attachments: [{ filename: "a.txt", content: "a" }], ...pinned };
    expect((await composeMime(mail)).toString()).toBe((await byNodemailer(mail)).toString());
  });

  it("is what the SES mailer sends", async () => {
    const email = systemEmail("confirm", "x@example.org", "https://a.example/c", emailSettings(settings, baseUrl));
    const raw = (await buildMime(from, email)).toString();
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    expect([...raw.matchAll(/(?<!\r)\n/g)]).toHaveLength(0);
  });
});
