import { emailEvents } from "./email";
import { tokenKey } from "./secrets";
import { table } from "./storage";

/** Bounces and complaints, one SNS notification at a time: a hard bounce or a complaint suppresses the address. */
export const sesEvents = emailEvents.subscribe("EmailEventsHandler", {
  handler: "functions/ses-events.handler",
  runtime: "nodejs22.x",
  // it only writes to the table (functions/core/resources.ts): no SES permission, no settings
  link: [table, tokenKey],
});
