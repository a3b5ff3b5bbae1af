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

/**
 * Every email someone with these answers and flags would get, in their order (and the one
 * follow-up they may ask for), with links that
 * go nowhere real and sample check-ins so the last email shows what a trend looks like. With an
 * urgent warning sign, the order is the one the sender follows if they never tell us they've
 * been checked, or, with `checkedAfter: n`, if they tap "I've been checked" after week n.
 */
export function previewProgram(
  answers: Answer[],
  flags: Flag[],
  settings: Settings,
  options: { checkedAfter?: number; baseUrl?: string } = {},
) {
  const links = linksFor(linkKeys("preview-only-key-not-for-sending"), options.baseUrl ?? "https://unknot.example", { pk: "preview" }, new Date());
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
    checkins: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), { score: Math.max(2, 7 - i), at: "" }])),
  };
  const weeks: Preview[] = [];
  for (let week = 1; week <= subscriber.program.length; week++) {
    const checked = options.checkedAfter !== undefined && week > options.checkedAfter;
    subscriber = { ...subscriber, checkedAt: checked ? "preview" : undefined };
    subscriber = { ...subscriber, program: programBeforeWeek(defaultOrder, subscriber, week) };
    const id = subscriber.program[week - 1]!;
    weeks.push({
      name: `${String(week).padStart(2, "0")}-${id}`,
      email: weeklyEmail(subscriber, week, links, settings),
    });
  }
  const previews: Preview[] = [
    { name: "00-confirm", email: systemEmail("confirm", subscriber.email, links.confirm(), settings) },
    { name: "00-already-subscribed", email: systemEmail("alreadySubscribed", subscriber.email, links.unsubscribe(), settings) },
    { name: "00-data-link", email: systemEmail("dataLink", subscriber.email, links.export(), settings) },
    ...weeks,
    // about three months after the last week, for those who ask for it in the last email's questions
    { name: `${String(weeks.length + 1).padStart(2, "0")}-follow-up`, email: followUpEmail(subscriber, links, settings) },
  ];
  return { program: subscriber.program, previews };
}
