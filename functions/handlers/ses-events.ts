import * as z from "zod/mini";
import { getStorageContext, linkedResources } from "../runtime/resources";
import { settingsSchema } from "../domain/settings";
import { receiveSns } from "../adapters/sns";
import { recordEmailEvent, type SuppressionContext } from "../domain/suppression/suppression";

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
