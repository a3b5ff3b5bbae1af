import { linksFor } from "../../functions/domain/links/links";
import { buildMime } from "../../functions/adapters/ses-mailer";
import type { Settings } from "../../functions/domain/settings";
import type { Subscriber } from "../../functions/domain/subscriber/subscriber";
import { linkKeys } from "../../functions/domain/links/tokens";
import { weeklyEmail } from "../../functions/domain/sending/weekly-email";
import { subscriberItem } from "../support/seed";

export interface RenderResult {
  weeks: number;
  emails: number;
  renderMicros: number;
  mimeMicros: number;
}

const settings: Settings = {
  senderName: "unknot",
  fromAddress: "coach@unknot.example",
  postalAddress: "unknot demo, 1 Example Street, Example Town",
  sendHour: 8,
  maxSendRate: 14,
  quotaShare: 0.8,
  signupsPerIpHour: 5,
  retentionMonths: 12,
};

/**
 * 6. Every week of one full program, rendered as the sender does (signed links, notes,
 * red-flag reminder, check-in row, trend in the last week), then built into MIME.
 */
export async function renderCost(key: string, publicUrl: string, programs = 1_000): Promise<RenderResult> {
  const base: Subscriber = subscriberItem(key, "render@example.com", {
    state: "active",
    answers: ["sleep", "mood", "fatigue", "appetite", "rest"],
    flags: ["fever"],
    tz: "Europe/Berlin",
  });
  const weeks = base.program!.length;
  const checkins = Object.fromEntries(
    Array.from({ length: weeks }, (_, i) => [String(i + 1), { score: Math.max(0, 7 - i), at: new Date().toISOString() }]),
  );
  const subscriber: Subscriber = { ...base, checkins };
  const now = new Date();

  const renderProgram = () => {
    const emails = [];
    for (let week = 1; week <= weeks; week++) {
      const at = { ...subscriber, week: week + 1 };
      const links = linksFor(linkKeys(key), publicUrl, subscriber, now);
      emails.push(weeklyEmail(at, week, links, settings, publicUrl));
    }
    return emails;
  };

  for (let i = 0; i < 100; i++) renderProgram(); // warm up
  let started = performance.now();
  let emails = renderProgram();
  for (let i = 1; i < programs; i++) emails = renderProgram();
  const renderMicros = ((performance.now() - started) * 1000) / (programs * weeks);

  const from = { name: settings.senderName, address: settings.fromAddress };
  for (const email of emails) buildMime(from, email); // warm up
  const mimeRounds = Math.max(1, Math.round(programs / 5));
  started = performance.now();
  for (let i = 0; i < mimeRounds; i++) for (const email of emails) buildMime(from, email);
  const mimeMicros = ((performance.now() - started) * 1000) / (mimeRounds * weeks);

  return { weeks, emails: programs * weeks, renderMicros, mimeMicros };
}
