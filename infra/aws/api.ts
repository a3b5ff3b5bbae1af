import { email } from "./mail-identity";
import { tableAccess } from "./permissions";
import { publicUrlLink } from "./public-url";
import { runtime } from "./runtime";
import { linkKey, linkKeyPrevious, tokenKey } from "./secrets";
import { settings } from "./settings";
import { table } from "./storage";

/** The Hono app (signup, confirm, unsubscribe…) behind a Lambda Function URL. */
export const api = new sst.aws.Function("Api", {
  handler: "functions/handlers/api.handler",
  runtime,
  url: true,
  link: [table, email, tokenKey, linkKey, linkKeyPrevious, settings, ...publicUrlLink],
  // single items only: no scan, no query; sending is granted by the Email link; the quota, for the
  // overall signup limit when confirmationsPerHour is absent (a share of the SES quota, functions/domain/settings.ts)
  permissions: [...tableAccess(table, ["GetItem", "PutItem", "UpdateItem", "DeleteItem"]), { actions: ["ses:GetSendQuota"], resources: ["*"] }],
});
