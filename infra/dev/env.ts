import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runtimeSettings } from "../aws/operator-config";
import { loadLocalConfig } from "../aws/stage-config";

/** Where the local stack lives; `npm start`, the operator commands and the tests read the same variables. */
export interface LocalConfig {
  port: number;
  dynamoPort: number;
  sesPort: number;
  /** the SQS emulator's port (the sender's shard queue); 0: any free one */
  sqsPort?: number;
  dataDir: string;
  /** endpoints given from outside (AWS_ENDPOINT_URL_*) are used as they are and not started */
  dynamoEndpoint?: string;
  sesEndpoint?: string;
  sqsEndpoint?: string;
}

export function localConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    port: Number(env.PORT ?? 3000),
    dynamoPort: Number(env.DYNAMODB_PORT ?? 8000),
    sesPort: Number(env.SES_PORT ?? 8005),
    sqsPort: Number(env.SQS_PORT ?? 9324),
    dataDir: resolve(env.DATA_DIR ?? ".data"),
    dynamoEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB || undefined,
    sesEndpoint: env.AWS_ENDPOINT_URL_SES || undefined,
    sqsEndpoint: env.AWS_ENDPOINT_URL_SQS || undefined,
  };
}

export const endpoints = (config: LocalConfig) => ({
  dynamo: config.dynamoEndpoint ?? `http://127.0.0.1:${config.dynamoPort}`,
  ses: config.sesEndpoint ?? `http://127.0.0.1:${config.sesPort}`,
  sqs: config.sqsEndpoint ?? `http://127.0.0.1:${config.sqsPort ?? 9324}`,
  app: `http://localhost:${config.port}`,
});

/** What the local SES answers to GetSendQuota: a generous production-like account by default. */
export function localQuota(env: NodeJS.ProcessEnv = process.env) {
  return {
    max24HourSend: Number(env.UNKNOT_LOCAL_QUOTA_24H ?? 50_000),
    maxSendRate: Number(env.UNKNOT_LOCAL_MAX_SEND_RATE ?? env.UNKNOT_MAX_SEND_RATE ?? 14),
  };
}

export const LOCAL_TABLE = "unknot-local-subscribers";

/** The sender's shard queue locally, and its dead-letter queue. */
export const LOCAL_SHARD_QUEUE = "unknot-local-sender-shards";
export const LOCAL_SHARD_DLQ = "unknot-local-sender-shards-failed";

/** The account the SQS emulator (local-aws-sqs) puts in its queue URLs. */
const EMULATOR_ACCOUNT = "123456789012";

/** A local queue's URL, as the SQS emulator names it. */
export const localQueueUrl = (config: LocalConfig, name: string) => `${endpoints(config).sqs}/${EMULATOR_ACCOUNT}/${name}`;

/** The local clock every local process reads (functions/runtime/clock.ts): kept in the data folder, so a restart keeps it. */
export const clockFile = (config: Pick<LocalConfig, "dataDir">) => join(config.dataDir, "clock.json");

/** A local secret: the given value, or one made once and kept in the data folder under `name`. */
function localSecret(dataDir: string, name: string, given: string | undefined): string {
  if (given) return given;
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * The linked resources locally, by name: the values SST links in AWS (`Subscribers`, `Email`, the
 * id key `TokenKey` from UNKNOT_TOKEN_KEY, the link keys `LinkKey` / `LinkKeyPrevious`, `Settings`…),
 * and one AWS never has: `Clock`, the local clock's file.
 */
export function localResources(config: LocalConfig, env: NodeJS.ProcessEnv = process.env) {
  // the same schema a deploy validates: a malformed `local` entry or UNKNOT_* variable stops here, named
  const settings = loadLocalConfig(env);
  return {
    App: { name: "unknot", stage: "local" },
    Subscribers: { name: LOCAL_TABLE },
    Email: { sender: settings.sender, configSet: "unknot-local" },
    TokenKey: { value: localSecret(config.dataDir, "token-key", env.UNKNOT_TOKEN_KEY) },
    LinkKey: { value: localSecret(config.dataDir, "link-key", env.UNKNOT_LINK_KEY) },
    LinkKeyPrevious: { value: env.UNKNOT_LINK_KEY_PREVIOUS || "none" },
    Settings: runtimeSettings(settings),
    SenderShards: { url: localQueueUrl(config, LOCAL_SHARD_QUEUE) },
    Api: { url: endpoints(config).app },
    ...(settings.publicUrl && { PublicUrl: { url: settings.publicUrl } }),
    Clock: { file: clockFile(config) },
  };
}

/** The AWS SDK's region and credentials for the local services: the given ones, else stand-ins. */
export function localAws(env: NodeJS.ProcessEnv = process.env) {
  return {
    region: env.AWS_REGION ?? "us-east-1",
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? "local", secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "local" },
  };
}

/**
 * The environment the functions see in the local stack's process: the same `SST_RESOURCE_<Name>`
 * variables SST sets in AWS, and the SDK's standard endpoint variables pointing at the embedded services.
 */
export function localEnvironment(config: LocalConfig, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const urls = endpoints(config);
  const { region, credentials } = localAws(env);
  const resources = Object.entries(localResources(config, env)).map(([name, value]) => [`SST_RESOURCE_${name}`, JSON.stringify(value)]);
  return {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_ENDPOINT_URL_DYNAMODB: urls.dynamo,
    AWS_ENDPOINT_URL_SES: urls.ses,
    AWS_ENDPOINT_URL_SQS: urls.sqs,
    ...Object.fromEntries(resources),
  };
}
