import { loadStageConfig } from "./stage-config";

/** This stage's settings from unknot.config.json, validated before any resource is declared. */
export const config = loadStageConfig($app.stage);
