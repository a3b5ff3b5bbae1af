import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESClient } from "@aws-sdk/client-ses";
import { dynamoStore } from "../adapters/dynamo/store";
import { sesMailer, type FromAddress } from "../adapters/ses-mailer";
import { processMemory, type Context, type StorageContext } from "../domain/context";
import { linkKeys } from "../domain/links/tokens";
import { sendingAddress, type Settings } from "../domain/settings";
import { fileClock, systemClock } from "./clock";
import type { SuppressionContext } from "../domain/suppression/suppression";
import {
  linkedResources,
  mailingSchema,
  resourceProblems,
  settingsOnlySchema,
  storageSchema,
  type MailingResources,
  type StorageResources,
} from "./resources";

/**
 * Builds the domain's context from the linked resources, with the AWS clients: the only place
 * besides `resources.ts` that knows SST and the SDK. Each context is built once per process
 * (a Lambda instance), here and nowhere else.
 */

const previousKeys = (value: string | undefined) => (value && value !== "none" ? [value] : []);

/** A StorageContext from explicit values, for a caller that has its own (an operator command). */
export function storageContextFrom(resources: StorageResources, db: DynamoDBClient): StorageContext {
  return {
    store: dynamoStore(db, resources.Subscribers.name),
    key: resources.TokenKey.value,
    linkKeys: linkKeys(
      resources.LinkKey?.value ?? resources.TokenKey.value,
      previousKeys(resources.LinkKeyPrevious?.value),
      resources.TokenKey.value,
    ),
  };
}

function fromAddress(settings: Settings, sender: string): FromAddress {
  const address = sendingAddress(sender, settings.fromAddress);
  if (!address) throw new Error("The SES sender is a domain: set fromAddress");
  return { name: settings.senderName, address };
}

/** The domain's context from explicit values: the storage, the mailing resources and an SES client. */
export function contextFrom(storage: StorageContext, resources: MailingResources, ses: SESClient): Context {
  const settings = resources.Settings;
  const clock = resources.Clock ? fileClock(resources.Clock.file) : systemClock;
  return {
    ...storage,
    mailer: sesMailer(ses, fromAddress(settings, resources.Email.sender), resources.Email.configSet, clock),
    settings,
    memory: processMemory(),
    clock,
    publicUrl: resources.PublicUrl?.url.replace(/\/$/, ""),
    apiUrl: resources.Api?.url.replace(/\/$/, ""),
  };
}

/** What stops this function from serving (for /health): linked resources by name, no values. */
export function configurationProblems(): string[] {
  const problems = [...resourceProblems(storageSchema), ...resourceProblems(mailingSchema)];
  if (problems.length) return problems;
  const { Email, Settings } = linkedResources(mailingSchema);
  return sendingAddress(Email.sender, Settings.fromAddress) ? [] : ["Settings.fromAddress"];
}

let storage: StorageContext | undefined;
let context: Context | undefined;
let suppression: SuppressionContext | undefined;

/** The table and the keys. Functions that never send mail need only this. */
export function getStorageContext(): StorageContext {
  storage ??= storageContextFrom(linkedResources(storageSchema), new DynamoDBClient({}));
  return storage;
}

/** The whole context: storage, mailer, settings and where links point. */
export function getContext(): Context {
  context ??= contextFrom(getStorageContext(), linkedResources(mailingSchema), new SESClient({}));
  return context;
}

/** The table and the keys, and the settings for how long a suppressed subscriber's data is kept. */
export function getSuppressionContext(): SuppressionContext {
  suppression ??= { ...getStorageContext(), settings: linkedResources(settingsOnlySchema).Settings };
  return suppression;
}
