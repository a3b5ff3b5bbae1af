import { brandedEmail, subscriberFooter } from "./branded-email";
import type { EmailLinks, EmailSettings, Recipient } from "./inputs";
import { followUpQuestions } from "./outcome-questions";
import type { OutgoingEmail } from "./outgoing-email";
import { programTemplates as templates } from "./program-templates";

/**
 * The one follow-up, about three months after the last week, for someone who asked for it:
 * the compiled template with its questions, the brand and the usual footer (unsubscribe, your
 * data, delete, the postal address). Nothing follows it, so it has no pause link.
 */
export function followUpEmail(
  recipient: Pick<Recipient, "email">,
  links: Pick<EmailLinks, "unsubscribe" | "data" | "delete" | "followUp">,
  settings: EmailSettings,
): OutgoingEmail {
  const unsubscribeUrl = links.unsubscribe();
  return {
    to: recipient.email,
    ...brandedEmail(templates.followUp, settings, { slots: { outcomes: followUpQuestions(links) }, footer: subscriberFooter(unsubscribeUrl, links) }),
    unsubscribeUrl,
  };
}
