import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Settings } from "../../functions/domain/settings";
import { ConfigError, configFromEnv, runtimeSettings, stageConfig, type OperatorConfig } from "./operator-config";

/** The committed per-stage settings file (`UNKNOT_CONFIG` names another, e.g. in tests). */
export const configFile = (env: NodeJS.ProcessEnv = process.env) => resolve(env.UNKNOT_CONFIG ?? "unknot.config.json");

/** The entry `npm start`, the local commands and the previews read; never deployed. */
export const LOCAL_STAGE = "local";

/** Keys starting with "//" are comments, at any depth. */
function withoutComments(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith("//")).map(([key, inner]) => [key, withoutComments(inner)]));
}

function readStages(file: string): Record<string, unknown> {
  let stages: unknown;
  try {
    stages = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON`, [(error as Error).message]);
  }
  return stages && typeof stages === "object" ? (stages as Record<string, unknown>) : {};
}

const entryOf = (stages: Record<string, unknown>, stage: string) => {
  const entry = stages[stage];
  return entry && typeof entry === "object" ? (withoutComments(entry) as Record<string, unknown>) : undefined;
};

/**
 * The validated settings of one stage, read from the file alone (never from the shell), so two
 * deploys from two shells deploy the same thing.
 */
export function loadStageConfig(stage: string, file = configFile()): OperatorConfig {
  if (stage === LOCAL_STAGE) {
    throw new ConfigError(`The stage "${LOCAL_STAGE}" is what npm start runs with`, ["it is never deployed: deploy production, or a stage of its own (try)"]);
  }
  if (!existsSync(file)) throw new ConfigError(`No settings file at ${file}`, ["copy unknot.config.json from the repository and fill it in"]);
  const settings = entryOf(readStages(file), stage);
  if (!settings) {
    throw new ConfigError(`${file} has no settings for the stage "${stage}"`, [`add a "${stage}" entry (see the "production" one)`]);
  }
  return stageConfig(settings, stage, `${file}, stage "${stage}", can't be deployed`);
}

/**
 * What `npm start`, the local commands and the previews run with: the demo values, under the
 * `local` entry of the settings file when it has one (the brand to try, say), under `UNKNOT_*`
 * variables. The same schema a deploy checks; nothing here is ever deployed.
 */
export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  // no `local` entry: undefined, and configFromEnv's default (no entry, no file named) applies
  return configFromEnv(env, localSource(env));
}

/** The `local` entry of the settings file and how to name it, if the file has one. */
function localSource(env: NodeJS.ProcessEnv) {
  const file = configFile(env);
  const entry = existsSync(file) ? entryOf(readStages(file), LOCAL_STAGE) : undefined;
  if (!entry) return undefined;
  const shown = relative(process.cwd(), file);
  return { entry, where: `${shown.startsWith("..") ? file : shown}, stage "${LOCAL_STAGE}"` };
}

/** Where the local settings come from, in words for `npm start`'s banner. */
export const localSettingsSource = (env: NodeJS.ProcessEnv = process.env) =>
  localSource(env)?.where ?? `the demo values (${relative(process.cwd(), configFile(env)) || configFile(env)} has no "local" stage)`;

/** For local tools that only need the runtime part (previews). */
export const settingsFromEnv = (env: NodeJS.ProcessEnv = process.env): Settings => runtimeSettings(loadLocalConfig(env));
