import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { configFromEnv, runtimeSettings } from "../../functions/core/operator-config";

/** Where the local stack lives; `npm start`, `npm run send` and the tests read the same variables. */
export interface LocalConfig {
  port: number;
  dynamoPort: number;
  sesPort: number;
  dataDir: string;
  /** endpoints given from outside (AWS_ENDPOINT_URL_*) are used as they are and not started */
  dynamoEndpoint?: string;
  sesEndpoint?: string;
}

export function localConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    port: Number(env.PORT ?? 3000),
    dynamoPort: Number(env.DYNAMODB_PORT ?? 8000),
    sesPort: Number(env.SES_PORT ?? 8005),
    dataDir: resolve(env.DATA_DIR ?? ".data"),
    dynamoEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB || undefined,
    sesEndpoint: env.AWS_ENDPOINT_URL_SES || undefined,
  };
}

export const endpoints = (config: LocalConfig) => ({
  dynamo: config.dynamoEndpoint ?? `http://127.0.0.1:${config.dynamoPort}`,
  ses: config.sesEndpoint ?? `http://127.0.0.1:${config.sesPort}`,
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
 * The environment the functions see locally: the same `SST_RESOURCE_<Name>` variables SST
 * sets in AWS, and the SDK's standard endpoint variables pointing at the embedded services.
 */
export function localEnvironment(config: LocalConfig, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const urls = endpoints(config);
  const resource = (value: unknown) => JSON.stringify(value);
  // the same schema a deploy validates: a malformed UNKNOT_* variable stops here, named
  const settings = configFromEnv(env);
  return {
    AWS_REGION: env.AWS_REGION ?? "us-east-1",
    AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID ?? "local",
    AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY ?? "local",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_ENDPOINT_URL_DYNAMODB: urls.dynamo,
    AWS_ENDPOINT_URL_SES: urls.ses,
    SST_RESOURCE_App: resource({ name: "unknot", stage: "local" }),
    SST_RESOURCE_Subscribers: resource({ name: LOCAL_TABLE }),
    SST_RESOURCE_Email: resource({ sender: settings.sender, configSet: "unknot-local" }),
    // the id key (UNKNOT_TOKEN_KEY) and the link keys, as the TokenKey / LinkKey / LinkKeyPrevious secrets
    SST_RESOURCE_TokenKey: resource({ value: localSecret(config.dataDir, "token-key", env.UNKNOT_TOKEN_KEY) }),
    SST_RESOURCE_LinkKey: resource({ value: localSecret(config.dataDir, "link-key", env.UNKNOT_LINK_KEY) }),
    SST_RESOURCE_LinkKeyPrevious: resource({ value: env.UNKNOT_LINK_KEY_PREVIOUS || "none" }),
    SST_RESOURCE_Settings: resource(runtimeSettings(settings)),
    SST_RESOURCE_Api: resource({ url: urls.app }),
    ...(settings.publicUrl && { SST_RESOURCE_PublicUrl: resource({ url: settings.publicUrl }) }),
  };
}

/**
 * For the operator commands (stats, export): the deployed resources when SST has put them in
 * the environment (`sst shell --stage production -- …`), else the local stack's. True when deployed.
 */
export function useDeployedOrLocal(env: NodeJS.ProcessEnv = process.env): boolean {
  const deployed = Boolean(env.SST_RESOURCE_App || env.SST_KEY_FILE);
  if (!deployed) Object.assign(env, localEnvironment(localConfig(env), env));
  return deployed;
}
