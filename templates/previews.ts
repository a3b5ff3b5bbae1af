import { linksFor } from "../functions/core/links";
import { linkKeys } from "../functions/core/tokens";
import type { OutgoingEmail } from "../functions/core/mailer";
import { personalise } from "../functions/core/program";
import type { Answer, Flag } from "../functions/core/self-check";
import type { Settings } from "../functions/core/settings";
import type { Subscriber } from "../functions/core/subscriber";
import { coachingExtras } from "../functions/email/coaching";
import { templates } from "../functions/email/compiled";
import { programEmail } from "../functions/email/program-email";
import { systemEmail } from "../functions/email/system-emails";

export interface Preview {
  /** file-name-like: "00-confirm", "01-cycle"… */
  name: string;
  email: OutgoingEmail;
}

/**
 * Every email someone with these answers and flags would get, in their order, with links that
 * go nowhere real and sample check-ins so the last email shows what a trend looks like.
 */
export function previewProgram(answers: Answer[], flags: Flag[], settings: Settings, baseUrl = "https://unknot.example") {
  const links = linksFor(linkKeys("preview-only-key-not-for-sending"), baseUrl, { pk: "preview" }, new Date());
  const program = personalise(
    templates.program.map((w) => w.id),
    answers,
  );
  const subscriber: Subscriber = {
    pk: "preview",
    email: "reader@example.com",
    status: "active",
    answers,
    flags,
    tz: "UTC",
    consentAt: "",
    createdAt: "",
    updatedAt: "",
    program,
    checkins: Object.fromEntries(program.slice(0, -1).map((_, i) => [String(i + 1), { score: Math.max(2, 7 - i), at: "" }])),
  };
  const previews: Preview[] = [
    { name: "00-confirm", email: systemEmail("confirm", subscriber.email, links.confirm(), settings) },
    { name: "00-already-subscribed", email: systemEmail("alreadySubscribed", subscriber.email, links.unsubscribe(), settings) },
    { name: "00-data-link", email: systemEmail("dataLink", subscriber.email, links.export(), settings) },
    ...program.map((id, i) => ({
      name: `${String(i + 1).padStart(2, "0")}-${id}`,
      email: programEmail(subscriber, i + 1, links, settings, coachingExtras(subscriber, i + 1, links)),
    })),
  ];
  return { program, previews };
}
