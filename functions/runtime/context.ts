import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESClient } from "@aws-sdk/client-ses";
import { SQSClient } from "@aws-sdk/client-sqs";
import { dynamoStore } from "../adapters/dynamo/store";
import { sesMailer, sesQuota, type FromAddress } from "../adapters/ses-mailer";
import { sqsShardQueue } from "../adapters/sqs";
import { processMemory, type Context, type StorageContext } from "../domain/context";
import { linkKeys } from "../domain/links/tokens";
import type { ShardQueue } from "../domain/ports";
import type { PlanningContext } from "../domain/sending/plan";
import { sendingAddress, type Settings } from "../domain/settings";
import { clockOf } from "./clock";
import type { SuppressionContext } from "../domain/suppression/suppression";
import {
  linkedResources,
  mailingSchema,
  plannerSchema,
  resourceProblems,
  settingsOnlySchema,
  storageSchema,
  type MailingResources,
  type PlannerResources,
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
  const clock = clockOf(resources);
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

/** The planner's context: the table, the settings, the SES quota and the queue, from explicit values and clients. */
export type PlannerContext = PlanningContext & { queue: ShardQueue; clock: () => Date };

export function plannerContextFrom(resources: PlannerResources, clients: { db: DynamoDBClient; ses: SESClient; sqs: SQSClient }): PlannerContext {
  return {
    store: dynamoStore(clients.db, resources.Subscribers.name),
    settings: resources.Settings,
    mailer: sesQuota(clients.ses),
    queue: sqsShardQueue(clients.sqs, resources.SenderShards.url),
    clock: clockOf(resources),
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

let planner: PlannerContext | undefined;

/** The sender's planner: what it reads, and the queue it hands the shards' work to. */
export function getPlannerContext(): PlannerContext {
  planner ??= plannerContextFrom(linkedResources(plannerSchema), { db: new DynamoDBClient({}), ses: new SESClient({}), sqs: new SQSClient({}) });
  return planner;
}

/** The table and the keys, and the settings for how long a suppressed subscriber's data is kept. */
export function getSuppressionContext(): SuppressionContext {
  suppression ??= { ...getStorageContext(), settings: linkedResources(settingsOnlySchema).Settings };
  return suppression;
}
