import * as z from "zod/mini";
import { getStorageContext, linkedResources } from "./core/resources";
import { settingsSchema } from "./core/settings";
import { receiveSns } from "./core/sns";
import { recordEmailEvent, type SuppressionContext } from "./core/suppression";

let context: SuppressionContext | undefined;

/** The table and the key, and the settings for how long a suppressed subscriber's data is kept. */
function suppressionContext(): SuppressionContext {
  context ??= { ...getStorageContext(), settings: linkedResources(z.object({ Settings: settingsSchema })).Settings };
  return context;
}

/** Lambda entry for the SES bounce/complaint topic (an SNS subscription). Bad input is answered, not thrown. */
export async function handler(event: unknown) {
  return receiveSns(event, (message) => recordEmailEvent(suppressionContext(), message, new Date()));
}
