import { brandOf, contactLine, footerLinks, masthead, recolour } from "./brand-parts";
import type { Part } from "./compiled";
import { fill } from "./fill";
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
  const template = templates.followUp;
  const brand = brandOf(settings);
  const unsubscribeUrl = links.unsubscribe();
  const footer = [
    { label: "Unsubscribe", url: unsubscribeUrl },
    { label: "Download my data", url: links.data() },
    { label: "Delete my data", url: links.delete() },
  ];
  const parts: Record<string, Part> = {
    masthead: masthead(brand),
    outcomes: followUpQuestions(links),
    footerLinks: footerLinks(footer, brand),
    contact: contactLine(brand),
  };
  const values = (mode: keyof Part) => ({
    ...Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, part[mode]])),
    brandName: brand.name,
    senderName: settings.senderName,
    postalAddress: settings.postalAddress,
  });
  return {
    to: recipient.email,
    subject: template.subject,
    html: recolour(fill(template.html, values("html"), "html"), brand.accent),
    text: fill(template.text, values("text"), "text").replace(/\n{3,}/g, "\n\n"),
    unsubscribeUrl,
  };
}
