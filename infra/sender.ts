import { api } from "./api";
import { email } from "./email";
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
    timeout: "5 minutes",
    // the API's URL (for links in the emails) comes through linking `api`
    link: [table, email, tokenKey, settings, api],
    permissions: [{ actions: ["ses:GetSendQuota"], resources: ["*"] }],
  },
});
