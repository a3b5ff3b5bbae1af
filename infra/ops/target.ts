import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESClient } from "@aws-sdk/client-ses";
import { SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod/mini";
import { contextFrom, getContext, plannerContextFrom, type PlannerContext } from "../../functions/runtime/context";
import { mailingSchema, plannerSchema } from "../../functions/runtime/resources";
import type { Context } from "../../functions/domain/context";
import { linkedResources, storageSchema } from "../../functions/runtime/resources";
import { getStorageContext, storageContextFrom } from "../../functions/runtime/context";
import type { StorageContext } from "../../functions/domain/context";
import { endpoints, localAws, localConfig, localResources } from "../dev/env";

/**
 * What an operator command works on: the deployed stage when SST has put its resources in the
 * environment (`npx sst shell --stage production -- npm run stats`), else the local stack
 * (`npm start`, found through PORT, DYNAMODB_PORT, SES_PORT, DATA_DIR and AWS_ENDPOINT_URL_*).
 * Built from values: nothing here writes to `process.env` or touches the console.
 */
export interface Target {
  where: "local" | "deployed";
  /** the subscribers table's name */
  table(): string;
  /** the table, the id key and the link keys; throws, naming the resource, when one is missing or malformed */
  storage(): StorageContext;
  /** everything the domain needs: the storage, the mailer, the settings and the URLs for links */
  context(): Context;
  /** what a failure message ends with: where to look */
  hint: string;
}

/** Deployed when `sst shell` (or a Lambda) has linked SST's resources; otherwise local. */
export function whereFrom(env: NodeJS.ProcessEnv = process.env): Target["where"] {
  return env.SST_RESOURCE_App || env.SST_KEY_FILE ? "deployed" : "local";
}

/** The deployed stage or the local stack, decided once, from `env`. */
export function commandTarget(env: NodeJS.ProcessEnv = process.env): Target {
  return whereFrom(env) === "deployed" ? deployedTarget() : localTarget(env);
}

/** The deployed stage, as its functions see it: SST's linked resources and the SDK's own configuration. */
function deployedTarget(): Target {
  return {
    where: "deployed",
    table: () => linkedResources(storageSchema).Subscribers.name,
    storage: getStorageContext,
    context: getContext,
    hint: "",
  };
}

/** The local stack, whatever SST has linked: for commands that must never reach a deployed stage. */
export function localTarget(env: NodeJS.ProcessEnv = process.env): Target & { planner(): PlannerContext } {
  const config = localConfig(env);
  const urls = endpoints(config);
  // a malformed UNKNOT_* variable stops here, named, as it stops `npm start`
  const resources = localResources(config, env);
  const aws = localAws(env);
  const db = new DynamoDBClient({ endpoint: urls.dynamo, ...aws });
  const ses = new SESClient({ endpoint: urls.ses, ...aws });
  let storage: StorageContext | undefined;
  let context: Context | undefined;
  let planner: PlannerContext | undefined;
  const target = {
    where: "local" as const,
    table: () => resources.Subscribers.name,
    storage: () => (storage ??= storageContextFrom(z.parse(storageSchema, resources), db)),
    context: () => (context ??= contextFrom(target.storage(), z.parse(mailingSchema, resources), ses)),
    /** the sender's planner against the local stack, putting its messages on the stack's shard queue */
    planner: () => (planner ??= plannerContextFrom(z.parse(plannerSchema, resources), { db, ses, sqs: new SQSClient({ endpoint: urls.sqs, ...aws }) })),
    hint: " Is the local stack running (npm start)?",
  };
  return target;
}
