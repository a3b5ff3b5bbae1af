import { runtimeSettings } from "./operator-config";
import { config } from "./config";

/** The runtime part of the settings, linked to the functions as `Resource.Settings`. */
export const settings = new sst.Linkable("Settings", { properties: runtimeSettings(config) });
