import { brandOf, contactLine, footerLinks, masthead, recolour, type FooterLink } from "./brand-parts";
import type { Part } from "./compiled";
import { fill } from "./fill";
import type { EmailLinks, EmailSettings } from "./inputs";

/** A compiled email template: what `brandedEmail` fills. */
interface Template {
  subject: string;
  html: string;
  text: string;
}

/**
 * A compiled template filled for one email, with what every email carries: the brand's masthead,
 * contact line and footer links (`footer`, then the privacy notice), the program's and the
 * sender's names and the postal address, beside the email's own `slots` (each an HTML and a text
 * part) and plain `values`. The subject takes the program's name too (the one slot
 * templates/build.ts lets a subject have); the HTML is in the brand's accent; the text has at
 * most one blank line in a row.
 */
export function brandedEmail(
  template: Template,
  settings: EmailSettings,
  own: { slots?: Record<string, Part>; values?: Record<string, string>; footer?: readonly FooterLink[] } = {},
): Template {
  const brand = brandOf(settings);
  const slots: Record<string, Part> = {
    masthead: masthead(brand),
    contact: contactLine(brand),
    footerLinks: footerLinks(own.footer ?? [], brand),
    ...own.slots,
  };
  const values = (mode: keyof Part) => ({
    ...own.values,
    ...Object.fromEntries(Object.entries(slots).map(([name, part]) => [name, part[mode]])),
    brandName: brand.name,
    senderName: settings.senderName,
    postalAddress: settings.postalAddress,
  });
  return {
    subject: fill(template.subject, { brandName: brand.name }, "text"),
    html: recolour(fill(template.html, values("html"), "html"), brand.accent),
    text: fill(template.text, values("text"), "text").replace(/\n{3,}/g, "\n\n"),
  };
}

/**
 * The footer of an email to a subscriber: unsubscribe, pause (only while there is a next email
 * to pause), the data page (it emails a fresh download link: no email carries one that reads
 * data) and deleting. `unsubscribeUrl` is signed once, for the HTML, the text and the header alike.
 */
export function subscriberFooter(unsubscribeUrl: string, links: Pick<EmailLinks, "data" | "delete">, pauseUrl?: string): FooterLink[] {
  return [
    { label: "Unsubscribe", url: unsubscribeUrl },
    ...(pauseUrl ? [{ label: "Pause for a while", url: pauseUrl }] : []),
    { label: "Download my data", url: links.data() },
    { label: "Delete my data", url: links.delete() },
  ];
}
