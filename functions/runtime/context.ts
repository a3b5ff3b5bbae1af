import { SESClient } from "@aws-sdk/client-ses";
import * as z from "zod/mini";
import { sesMailer, type Mailer, type FromAddress } from "../adapters/ses-mailer";
import { getStorageContext, linkedResources, resourceProblems, storageSchema, type StorageContext } from "./resources";
import { sendingAddress, settingsSchema, type Settings } from "../domain/settings";

/** Everything the domain needs from the outside world, built once per process. */
export interface Context extends StorageContext {
  mailer: Mailer;
  settings: Settings;
  /** the operator's custom domain for links, when one is set */
  publicUrl?: string;
  /** the API's own URL: where links in emails sent outside a request (the sender) point otherwise */
  apiUrl?: string;
}

export const mailingSchema = z.object({
  Email: z.object({ sender: z.string().check(z.minLength(1)), configSet: z.optional(z.string()) }),
  Settings: settingsSchema,
  Api: z.optional(z.object({ url: z.url() })),
  PublicUrl: z.optional(z.object({ url: z.url() })),
});

function fromAddress(settings: Settings, sender: string): FromAddress {
  const address = sendingAddress(sender, settings.fromAddress);
  if (!address) throw new Error("The SES sender is a domain: set fromAddress");
  return { name: settings.senderName, address };
}

/** What stops this function from serving (for /health): linked resources by name, no values. */
export function configurationProblems(): string[] {
  const problems = [...resourceProblems(storageSchema), ...resourceProblems(mailingSchema)];
  if (problems.length) return problems;
  const { Email, Settings } = linkedResources(mailingSchema);
  return sendingAddress(Email.sender, Settings.fromAddress) ? [] : ["Settings.fromAddress"];
}

export type MailingResources = z.output<typeof mailingSchema>;

/** The domain's context from explicit values: the storage, the mailing resources and an SES client. */
export function contextFrom(storage: StorageContext, resources: MailingResources, ses: SESClient): Context {
  const settings = resources.Settings;
  return {
    ...storage,
    mailer: sesMailer(ses, fromAddress(settings, resources.Email.sender), resources.Email.configSet),
    settings,
    publicUrl: resources.PublicUrl?.url.replace(/\/$/, ""),
    apiUrl: resources.Api?.url.replace(/\/$/, ""),
  };
}

let context: Context | undefined;

export function getContext(): Context {
  context ??= contextFrom(getStorageContext(), linkedResources(mailingSchema), new SESClient({}));
  return context;
}
