import { api } from "./api";
import { email } from "./email";
import { publicUrlLink } from "./public-url";
import { tokenKey } from "./secrets";
import { SENDER_EVERY_MINUTES } from "./sender-schedule";
import { settings } from "./settings";
import { table } from "./storage";

/** The scheduled sender: one pass every 15 minutes over whoever is due. */
export const sender = new sst.aws.CronV2("Sender", {
  schedule: `rate(${SENDER_EVERY_MINUTES} minutes)`,
  function: {
    handler: "functions/sender.handler",
    runtime: "nodejs22.x",
    // nearly the whole interval: a long backlog drains at the SES rate; passes may overlap safely
    timeout: "14 minutes",
    // links in the emails point at the custom domain when there is one, else at the API's Function URL
    link: [table, email, tokenKey, settings, api, ...publicUrlLink],
    permissions: [{ actions: ["ses:GetSendQuota"], resources: ["*"] }],
  },
});
