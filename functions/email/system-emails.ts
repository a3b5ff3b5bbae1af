import { brandedEmail } from "./branded-email";
import type { EmailSettings } from "./inputs";
import type { OutgoingEmail } from "./outgoing-email";
import { systemTemplates as templates } from "./system-templates";

type SystemEmail = keyof typeof templates.system;

/** A confirmation or notice email: the compiled template with its one action link, and the brand, filled in. */
export function systemEmail(kind: SystemEmail, to: string, actionUrl: string, settings: EmailSettings): OutgoingEmail {
  const email = brandedEmail(templates.system[kind], settings, { values: { actionUrl } });
  return { to, ...email, text: email.text.trim() };
}
