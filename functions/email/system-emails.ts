import { brandOf, contactLine, footerLinks, masthead, recolour } from "./brand-parts";
import { fill } from "./fill";
import type { EmailSettings } from "./inputs";
import type { OutgoingEmail } from "./outgoing-email";
import { systemTemplates as templates } from "./system-templates";

type SystemEmail = keyof typeof templates.system;

/** A confirmation or notice email: the compiled template with its one action link, and the brand, filled in. */
export function systemEmail(kind: SystemEmail, to: string, actionUrl: string, settings: EmailSettings): OutgoingEmail {
  const template = templates.system[kind];
  const brand = brandOf(settings);
  const parts = { masthead: masthead(brand), contact: contactLine(brand), footerLinks: footerLinks([], brand) };
  const values = (mode: "html" | "text") => ({
    actionUrl,
    brandName: brand.name,
    senderName: settings.senderName,
    postalAddress: settings.postalAddress,
    ...Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, part[mode]])),
  });
  return {
    to,
    subject: fill(template.subject, { brandName: brand.name }, "text"),
    html: recolour(fill(template.html, values("html"), "html"), brand.accent),
    text: fill(template.text, values("text"), "text").replace(/\n{3,}/g, "\n\n").trim(),
  };
}
