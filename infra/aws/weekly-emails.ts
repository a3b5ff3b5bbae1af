import { SENDER_EVERY_MINUTES, SENDER_RESERVED_CONCURRENCY, SENDER_TIMEOUT_MINUTES } from "../../functions/domain/sending/timing";
import { api } from "./api";
import { email } from "./mail-identity";
import { tableAccess } from "./permissions";
import { publicUrlLink } from "./public-url";
import { runtime } from "./runtime";
import { linkKey, linkKeyPrevious, tokenKey } from "./secrets";
import { settings } from "./settings";
import { table } from "./storage";

/**
 * The weekly emails, sent by a scheduled function: one pass every 15 minutes over whoever is due. One pass at a time
 * (reserved concurrency 1), so a pass has the whole SES rate to itself; no retries of a failed
 * or throttled invocation (a late pass would only overlap the next one), the next pass picks up
 * whatever is still due. Its lease outlasts its timeout (functions/domain/sending/timing.ts).
 */
// "Sender" is the deployed name (SenderHandler, its alarms and log group): renaming it would replace them
export const weeklyEmails = new sst.aws.CronV2("Sender", {
  schedule: `rate(${SENDER_EVERY_MINUTES} minutes)`,
  function: {
    handler: "functions/handlers/sender.handler",
    runtime,
    timeout: `${SENDER_TIMEOUT_MINUTES} minutes`,
    // the API is linked for its URL only (infra/aws/permissions.ts): links in the emails point there unless a custom domain is set
    link: [table, email, tokenKey, linkKey, linkKeyPrevious, settings, api, ...publicUrlLink],
    // GetItem: the signup emails counted in the last day (functions/domain/signup/limits.ts), which the program's share leaves out
    permissions: [...tableAccess(table, ["GetItem", "UpdateItem"], { index: true }), { actions: ["ses:GetSendQuota"], resources: ["*"] }],
    concurrency: { reserved: SENDER_RESERVED_CONCURRENCY },
    retries: 0,
    transform: { eventInvokeConfig: { maximumEventAgeInSeconds: 60 } },
  },
});
