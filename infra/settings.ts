import { settingsFromEnv } from "./settings-env";

export const settings = new sst.Linkable("Settings", {
  properties: settingsFromEnv(process.env),
});
