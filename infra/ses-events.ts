import { email, emailEvents } from "./email";
import { tokenKey } from "./secrets";
import { settings } from "./settings";
import { table } from "./storage";

/** Bounces and complaints, one SNS notification at a time: a hard bounce or a complaint suppresses the address. */
export const sesEvents = emailEvents.subscribe("EmailEventsHandler", {
  handler: "functions/ses-events.handler",
  runtime: "nodejs22.x",
  // what the functions' shared context reads (functions/core/context.ts); nothing here sends email
  link: [table, email, tokenKey, settings],
});
