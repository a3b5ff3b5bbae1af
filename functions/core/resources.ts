import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Resource } from "sst";
import * as z from "zod/mini";
import { dynamoStore } from "./dynamo-store";
import type { SubscriberStore } from "./store";

/**
 * The linked resources, validated. In AWS, SST injects them; locally, the runner sets the same
 * `SST_RESOURCE_<Name>` variables. Endpoints come from the SDK's standard
 * `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SES` variables.
 */
export function linkedResources<S extends z.ZodMiniObject>(schema: S): z.output<S> {
  return z.parse(schema, named(schema));
}

function named(schema: z.ZodMiniObject): Record<string, unknown> {
  const resources = Resource as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, name in resources ? resources[name] : undefined]));
}

/** Which linked resources are missing or malformed: their names only, never their values. */
export function resourceProblems(schema: z.ZodMiniObject): string[] {
  const result = z.safeParse(schema, named(schema));
  return result.success ? [] : [...new Set(result.error.issues.map((issue) => String(issue.path[0])))];
}

/** What every function needs: the table, and the key that derives ids and signs links. */
export interface StorageContext {
  store: SubscriberStore;
  key: string;
}

export const storageSchema = z.object({
  Subscribers: z.object({ name: z.string().check(z.minLength(1)) }),
  TokenKey: z.object({ value: z.string().check(z.minLength(16, "TokenKey must be at least 16 characters")) }),
});

let storage: StorageContext | undefined;

/** The table and the key, built once per process. Functions that never send mail need only this. */
export function getStorageContext(): StorageContext {
  if (storage) return storage;
  const resources = linkedResources(storageSchema);
  storage = { store: dynamoStore(new DynamoDBClient({}), resources.Subscribers.name), key: resources.TokenKey.value };
  return storage;
}
