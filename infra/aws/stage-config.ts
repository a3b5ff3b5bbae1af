import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, stageConfig, type OperatorConfig } from "./operator-config";

/** The committed per-stage settings file (`UNKNOT_CONFIG` names another, e.g. in tests). */
export const configFile = (env: NodeJS.ProcessEnv = process.env) => resolve(env.UNKNOT_CONFIG ?? "unknot.config.json");

/**
 * The validated settings of one stage, read from the file alone (never from the shell), so two
 * deploys from two shells deploy the same thing. Keys starting with "//" are comments.
 */
export function loadStageConfig(stage: string, file = configFile()): OperatorConfig {
  if (!existsSync(file)) throw new ConfigError(`No settings file at ${file}`, ["copy unknot.config.json from the repository and fill it in"]);
  let stages: unknown;
  try {
    stages = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON`, [(error as Error).message]);
  }
  const entry = stages && typeof stages === "object" ? (stages as Record<string, unknown>)[stage] : undefined;
  if (!entry || typeof entry !== "object") {
    throw new ConfigError(`${file} has no settings for the stage "${stage}"`, [`add a "${stage}" entry (see the "production" one)`]);
  }
  const settings = Object.fromEntries(Object.entries(entry).filter(([key]) => !key.startsWith("//")));
  return stageConfig(settings, stage, `${file}, stage "${stage}", can't be deployed`);
}
