import { fill } from "./fill";
import type { EmailSettings } from "./inputs";
import type { OutgoingEmail } from "./outgoing-email";
import { systemTemplates as templates } from "./system-templates";

type SystemEmail = keyof typeof templates.system;

/** A confirmation or notice email: the compiled template with its one action link filled in. */
export function systemEmail(kind: SystemEmail, to: string, actionUrl: string, settings: EmailSettings): OutgoingEmail {
  const template = templates.system[kind];
  const values = { actionUrl, senderName: settings.senderName, postalAddress: settings.postalAddress };
  return {
    to,
    subject: template.subject,
    html: fill(template.html, values, "html"),
    text: fill(template.text, values, "text"),
  };
}
