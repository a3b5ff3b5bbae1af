import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { Route53Client } from "@aws-sdk/client-route-53";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SESClient } from "@aws-sdk/client-ses";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SNSClient } from "@aws-sdk/client-sns";
import { STSClient } from "@aws-sdk/client-sts";
import type { OperatorConfig } from "../aws/operator-config";
import { clientOptions } from "./aws-calls";

/** One line of `npm run doctor`: ✔, ✘ with the concrete fix, ! worth knowing, or – when it can't be checked yet. */
export interface Check {
  name: string;
  status: "ok" | "fail" | "warn" | "skip";
  detail: string;
}
export type Verdict = Omit<Check, "name">;

/** The mark a check's line starts with, by its status. */
export const marks: Record<Check["status"], string> = { ok: "✔", fail: "✘", warn: "!", skip: "–" };

/** What `sst shell` puts in the environment for a deployed stage (its linked resources). */
export interface Deployed {
  table: string;
  configSet: string;
  tokenKey?: string;
  linkKey?: string;
  linkKeyPrevious?: string;
  /** the topic the alarms notify, and the one SES publishes bounces and complaints to */
  alarmsTopic?: string;
  emailEventsTopic?: string;
  /** the API's Function URL */
  apiUrl?: string;
}

/** What the doctor checks: the stage, its settings (unless they don't validate), and what was deployed (under `sst shell`). */
export interface DoctorInput {
  stage: string;
  config?: OperatorConfig;
  /** why the settings can't be used, when they can't */
  settingsProblem?: string;
  deployed?: Deployed;
}

export const ok = (detail: string): Verdict => ({ status: "ok", detail });
export const fail = (detail: string): Verdict => ({ status: "fail", detail });
export const warn = (detail: string): Verdict => ({ status: "warn", detail });
export const skip = (detail: string): Verdict => ({ status: "skip", detail });

export function awsClients() {
  const options = clientOptions();
  return {
    sts: new STSClient(options),
    ses: new SESClient(options),
    sesv2: new SESv2Client(options),
    lambda: new LambdaClient(options),
    sns: new SNSClient(options),
    scheduler: new SchedulerClient(options),
    route53: new Route53Client(options),
    dynamodb: new DynamoDBClient(options),
  };
}

export type Clients = ReturnType<typeof awsClients>;

/** What each check is handed: the input, the clients, and what earlier checks found (each lookup made once). */
export interface CheckContext extends DoctorInput {
  aws: Clients;
  region: string;
  /** lookups several checks use, made once */
  memo<T>(key: string, lookup: () => Promise<T>): Promise<T>;
}

/**
 * A check: what it needs besides a region and credentials (valid settings, a deployed stage), and
 * how it runs. Anything it throws becomes its ✘ line.
 */
export interface Step {
  name: string;
  needs: { settings?: boolean; deployed?: boolean };
  run(c: CheckContext & { config: OperatorConfig }): Promise<Verdict>;
}
