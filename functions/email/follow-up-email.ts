import { fill } from "./fill";
import type { EmailLinks, EmailSettings, Recipient } from "./inputs";
import { followUpQuestions } from "./outcome-questions";
import type { OutgoingEmail } from "./outgoing-email";
import { programTemplates as templates } from "./program-templates";

/**
 * The one follow-up, about three months after the last week, for someone who asked for it:
 * the compiled template with its questions and the usual footer (unsubscribe, your data,
 * delete, the postal address). Nothing follows it, so it has no pause link.
 */
export function followUpEmail(
  recipient: Pick<Recipient, "email">,
  links: Pick<EmailLinks, "unsubscribe" | "data" | "delete" | "followUp">,
  settings: EmailSettings,
): OutgoingEmail {
  const template = templates.followUp;
  const outcomes = followUpQuestions(links);
  const footer = {
    unsubscribeUrl: links.unsubscribe(),
    exportUrl: links.data(),
    deleteUrl: links.delete(),
    senderName: settings.senderName,
    postalAddress: settings.postalAddress,
  };
  return {
    to: recipient.email,
    subject: template.subject,
    html: fill(template.html, { ...footer, outcomes: outcomes.html }, "html"),
    text: fill(template.text, { ...footer, outcomes: outcomes.text }, "text").replace(/\n{3,}/g, "\n\n"),
    unsubscribeUrl: footer.unsubscribeUrl,
  };
}
