import { emailSettings } from "../functions/domain/brand";
import { status as named } from "../functions/domain/subscriber/states";
import { linksFor } from "../functions/domain/links/links";
import { linkKeys } from "../functions/domain/links/tokens";
import type { OutgoingEmail } from "../functions/domain/ports";
import { plannedProgram, programBeforeWeek } from "../functions/domain/program/order";
import type { Answer, Flag } from "../functions/domain/subscriber/self-check";
import type { Settings } from "../functions/domain/settings";
import type { Active } from "../functions/domain/subscriber/subscriber";
import { weeklyEmail } from "../functions/domain/sending/weekly-email";
import { defaultOrder } from "../functions/email/week-order";
import { systemEmail } from "../functions/email/system-emails";
import { followUpEmail } from "../functions/email/follow-up-email";

export interface Preview {
  /** file-name-like: "00-confirm", "01-cycle"… */
  name: string;
  email: OutgoingEmail;
}

/** How the sample check-ins go when none are given, so the last email shows each kind of look back. */
export const trends = ["falling", "flat", "rising"] as const;
export type SampleTrend = (typeof trends)[number];

const SAMPLE_SCORES: Record<SampleTrend, readonly number[]> = {
  // a back that slowly eases
  falling: Array.from({ length: 12 }, (_, i) => Math.max(2, 7 - i)),
  flat: Array.from({ length: 12 }, () => 3),
  rising: Array.from({ length: 12 }, (_, i) => Math.min(9, 3 + i)),
};
const WEEK_MS = 7 * 86_400_000;

/** The hidden text at the top of an email's HTML, as it stands in the HTML (entities and all); none when there is none. */
export const preheaderIn = (html: string) => html.match(/<div style="display:none;[^"]*">([^<]*)<\/div>/)?.[1];

/** The text of HTML-escaped text: &#39;, &quot; and &amp; back to what they stand for. */
export const decodeEntities = (text: string) => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

/** The inbox preview line of an email: the hidden text at the top of its HTML. */
export const preheaderOf = (email: OutgoingEmail) => decodeEntities(preheaderIn(email.html) ?? "");

export interface PreviewOptions {
  /** with an urgent warning sign: the week after which they tell us a doctor has checked them (never, when absent) */
  checkedAfter?: number;
  /** their score after each week (`null` skips a week); without, the sample `trend` */
  scores?: readonly (number | null)[];
  /** the sample check-ins when no `scores` are given (default falling) */
  trend?: SampleTrend;
  /** where the links and the logo point (default a placeholder that goes nowhere) */
  baseUrl?: string;
}

/**
 * Every email someone with these answers and flags would get, in their order (and the one
 * follow-up they may ask for), with links that go nowhere real. After each week they check in
 * (`scores`, week by week, or a sample that falls, stays flat or rises; `null` skips a week), so
 * the emails answer the check-ins as the sender would and the last one shows a trend. With an
 * urgent warning sign, the order is the one the sender follows if they never tell us they've
 * been checked, or, with `checkedAfter: n`, if they tap "I've been checked" after week n.
 */
export function previewProgram(answers: Answer[], flags: Flag[], settings: Settings, options: PreviewOptions = {}) {
  const baseUrl = options.baseUrl ?? "https://unknot.example";
  const links = linksFor(linkKeys("preview-only-key-not-for-sending"), baseUrl, { pk: "preview" }, new Date());
  const scores = options.scores ?? SAMPLE_SCORES[options.trend ?? "falling"];
  const start = Date.parse("2026-01-05T08:00:00Z");
  const at = (week: number, later = 0) => new Date(start + (week - 1) * WEEK_MS + later).toISOString();
  let subscriber: Active = {
    pk: "preview",
    email: "reader@example.com",
    status: named.active,
    answers,
    flags,
    tz: "UTC",
    consentAt: "",
    createdAt: "",
    updatedAt: "",
    confirmedAt: "",
    week: 1,
    dueAt: 0,
    program: plannedProgram(defaultOrder, answers, flags),
    checkins: {},
    sent: [],
  };
  const weeks: Preview[] = [];
  for (let week = 1; week <= subscriber.program.length; week++) {
    const checked = options.checkedAfter !== undefined && week > options.checkedAfter;
    subscriber = { ...subscriber, checkedAt: checked ? at(week - 1, 3_600_000) : undefined };
    subscriber = { ...subscriber, program: programBeforeWeek(defaultOrder, subscriber, week) };
    const id = subscriber.program[week - 1]!;
    weeks.push({ name: `${String(week).padStart(2, "0")}-${id}`, email: weeklyEmail(subscriber, week, links, settings, baseUrl) });
    const score = scores[week - 1];
    subscriber = {
      ...subscriber,
      sent: [...(subscriber.sent ?? []), { week, template: id, at: at(week), messageId: "preview" }],
      checkins: score === null || score === undefined ? subscriber.checkins : { ...subscriber.checkins, [String(week)]: { score, at: at(week, 60_000) } },
    };
  }
  const branded = emailSettings(settings, baseUrl);
  const system: Preview[] = [
    { name: "00-confirm", email: systemEmail("confirm", subscriber.email, links.confirm(), branded) },
    { name: "00-already-subscribed", email: systemEmail("alreadySubscribed", subscriber.email, links.unsubscribe(), branded) },
    { name: "00-data-link", email: systemEmail("dataLink", subscriber.email, links.export(), branded) },
  ];
  // about three months after the last week, for those who ask for it in the last email's questions
  const followUp: Preview = { name: `${String(weeks.length + 1).padStart(2, "0")}-follow-up`, email: followUpEmail(subscriber, links, branded) };
  return {
    program: subscriber.program,
    previews: [...system, ...weeks, followUp],
    counts: { program: weeks.length, system: system.length },
  };
}
