import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESClient } from "@aws-sdk/client-ses";
import { Resource } from "sst";
import * as z from "zod/mini";
import { dynamoStore } from "./dynamo-store";
import { sesMailer, type Mailer, type Sender } from "./mailer";
import { settingsSchema, type Settings } from "./settings";
import type { SubscriberStore } from "./store";

/** Everything the domain needs from the outside world, built once per process. */
export interface Context {
  store: SubscriberStore;
  mailer: Mailer;
  /** signs links and derives subscriber ids */
  key: string;
  settings: Settings;
  /** the operator's custom domain for links, when one is set */
  publicUrl?: string;
  /** the API's own URL: where links in emails sent outside a request (the sender) point otherwise */
  apiUrl?: string;
}

/**
 * The linked resources, validated. In AWS, SST injects them; locally, the runner sets the
 * same `SST_RESOURCE_<Name>` variables. Endpoints come from the SDK's standard
 * `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SES` variables.
 */
const resourcesSchema = z.object({
  Subscribers: z.object({ name: z.string().check(z.minLength(1)) }),
  Email: z.object({ sender: z.string().check(z.minLength(1)), configSet: z.optional(z.string()) }),
  TokenKey: z.object({ value: z.string().check(z.minLength(16, "TokenKey must be at least 16 characters")) }),
  Settings: settingsSchema,
  Api: z.optional(z.object({ url: z.url() })),
  PublicUrl: z.optional(z.object({ url: z.url() })),
});

function linked(name: string): unknown {
  const resources = Resource as unknown as Record<string, unknown>;
  return name in resources ? resources[name] : undefined;
}

function fromAddress(settings: Settings, sender: string): Sender {
  const address = settings.fromAddress || sender;
  if (!address.includes("@")) throw new Error("The SES sender is a domain: set UNKNOT_FROM_ADDRESS");
  return { name: settings.senderName, address };
}

let context: Context | undefined;

export function getContext(): Context {
  if (context) return context;
  const resources = resourcesSchema.parse(
    Object.fromEntries(Object.keys(resourcesSchema.shape).map((name) => [name, linked(name)])),
  );
  const settings = resources.Settings;
  const ses = new SESClient({});
  context = {
    store: dynamoStore(new DynamoDBClient({}), resources.Subscribers.name),
    mailer: sesMailer(ses, fromAddress(settings, resources.Email.sender), resources.Email.configSet),
    key: resources.TokenKey.value,
    settings,
    publicUrl: resources.PublicUrl?.url.replace(/\/$/, ""),
    apiUrl: resources.Api?.url.replace(/\/$/, ""),
  };
  return context;
}
