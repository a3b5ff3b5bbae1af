import { Resource } from "sst";
import * as z from "zod/mini";
import { settingsSchema } from "../domain/settings";

/**
 * The linked resources, validated. In AWS, SST injects them; locally, the runner sets the same
 * `SST_RESOURCE_<Name>` variables. Endpoints come from the SDK's standard
 * `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SES` / `AWS_ENDPOINT_URL_SQS` variables.
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

const secret = (name: string) =>
  z.object({ value: z.string().check(z.minLength(16, `${name} must be at least 16 characters`)) });

/** What every function reads: the table, the key that derives subscriber ids, the keys that sign links. */
export const storageSchema = z.object({
  Subscribers: z.object({ name: z.string().check(z.minLength(1)) }),
  TokenKey: secret("TokenKey"),
  /** signs links; until it is set, TokenKey signs them (deployments from before the keys were split) */
  LinkKey: z.optional(secret("LinkKey")),
  /**
   * the link key before the last rotation, accepted (never used to sign) while it is set; "none"
   * (infra's placeholder) or empty when there is none. Anything else must be a real key: a
   * guessable value here would let anyone sign links.
   */
  LinkKeyPrevious: z.optional(
    z.object({
      value: z.union([
        z.literal("none"),
        z.literal(""),
        z.string().check(z.minLength(16, 'LinkKeyPrevious must be at least 16 characters, or "none"')),
      ]),
    }),
  ),
});

/** The storage resources as `storageSchema` reads them: the table's name, the id key, the link keys. */
export type StorageResources = z.output<typeof storageSchema>;

/** What the functions that send read besides: the SES identity, the settings, where links point. */
export const mailingSchema = z.object({
  Email: z.object({ sender: z.string().check(z.minLength(1)), configSet: z.optional(z.string()) }),
  Settings: settingsSchema,
  Api: z.optional(z.object({ url: z.url() })),
  PublicUrl: z.optional(z.object({ url: z.url() })),
  /** the local stack's clock, a file under DATA_DIR that `npm run send -- --at` moves (runtime/clock.ts); never linked in AWS */
  Clock: z.optional(z.object({ file: z.string().check(z.minLength(1)) })),
});

export type MailingResources = z.output<typeof mailingSchema>;

/** The settings alone, for the function that records bounces and complaints (how long their data is kept). */
export const settingsOnlySchema = z.object({ Settings: settingsSchema });

/**
 * What the sender's planner reads: the table (counts, the budget), the settings, and the queue
 * it hands each shard's work to. No keys and no SES identity: it sends nothing.
 */
export const plannerSchema = z.object({
  Subscribers: storageSchema.shape.Subscribers,
  Settings: settingsSchema,
  SenderShards: z.object({ url: z.url() }),
  Clock: mailingSchema.shape.Clock,
});

export type PlannerResources = z.output<typeof plannerSchema>;
