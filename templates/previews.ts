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

export interface Preview {
  /** file-name-like: "00-confirm", "01-cycle"… */
  name: string;
  email: OutgoingEmail;
}

/** How the sample check-ins go, so the last email shows each kind of look back. */
export const trends = ["falling", "flat", "rising"] as const;
export type SampleTrend = (typeof trends)[number];

const sampleScore: Record<SampleTrend, (week: number) => number> = {
  falling: (week) => Math.max(2, 8 - week),
  flat: () => 3,
  rising: (week) => Math.min(9, 2 + week),
};

export interface PreviewOptions {
  /** with an urgent warning sign: the week after which they tell us a doctor has checked them (never, when absent) */
  checkedAfter?: number;
  /** the sample check-ins the last email looks back on (default falling) */
  trend?: SampleTrend;
  /** where the links and the logo point (default a placeholder that goes nowhere) */
  baseUrl?: string;
}

/**
 * Every email someone with these answers and flags would get, in their order, with links that
 * go nowhere real and sample check-ins so the last email shows what a trend looks like. With an
 * urgent warning sign, the order is the one the sender follows if they never tell us they've
 * been checked, or, with `checkedAfter: n`, if they tap "I've been checked" after week n.
 */
export function previewProgram(answers: Answer[], flags: Flag[], settings: Settings, options: PreviewOptions = {}) {
  const baseUrl = options.baseUrl ?? "https://unknot.example";
  const links = linksFor(linkKeys("preview-only-key-not-for-sending"), baseUrl, { pk: "preview" }, new Date());
  const score = sampleScore[options.trend ?? "falling"];
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
    checkins: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), { score: score(i + 1), at: "" }])),
  };
  const weeks: Preview[] = [];
  for (let week = 1; week <= subscriber.program.length; week++) {
    const checked = options.checkedAfter !== undefined && week > options.checkedAfter;
    subscriber = { ...subscriber, checkedAt: checked ? "preview" : undefined };
    subscriber = { ...subscriber, program: programBeforeWeek(defaultOrder, subscriber, week) };
    const id = subscriber.program[week - 1]!;
    weeks.push({
      name: `${String(week).padStart(2, "0")}-${id}`,
      email: weeklyEmail(subscriber, week, links, settings, baseUrl),
    });
  }
  const branded = emailSettings(settings, baseUrl);
  const system: Preview[] = [
    { name: "00-confirm", email: systemEmail("confirm", subscriber.email, links.confirm(), branded) },
    { name: "00-already-subscribed", email: systemEmail("alreadySubscribed", subscriber.email, links.unsubscribe(), branded) },
    { name: "00-data-link", email: systemEmail("dataLink", subscriber.email, links.export(), branded) },
  ];
  return { program: subscriber.program, previews: [...system, ...weeks], counts: { program: weeks.length, system: system.length } };
}
