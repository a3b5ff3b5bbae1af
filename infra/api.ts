import { email } from "./email";
import { publicUrlLink } from "./public-url";
import { tokenKey } from "./secrets";
import { settings } from "./settings";
import { table } from "./storage";

/** The Hono app (signup, confirm, unsubscribe…) behind a Lambda Function URL. */
export const api = new sst.aws.Function("Api", {
  handler: "functions/api.handler",
  runtime: "nodejs22.x",
  url: true,
  link: [table, email, tokenKey, settings, ...publicUrlLink],
  // the overall hourly budget of signup emails is a share of the account's SES quota
  permissions: [{ actions: ["ses:GetSendQuota"], resources: ["*"] }],
});
