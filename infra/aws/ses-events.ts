import { DEAD_LETTER_RETENTION_MINUTES } from "../../functions/domain/sending/timing";
import { emailEvents } from "./mail-identity";
import { tableAccess } from "./permissions";
import { runtime } from "./runtime";
import { tokenKey } from "./secrets";
import { settings } from "./settings";
import { table } from "./storage";

/**
 * Where a bounce or complaint goes when the handler still fails after Lambda's retries, so no
 * complaint is lost: the queue keeps it 14 days and its alarm (infra/aws/alarms.ts) tells the operator.
 */
export const emailEventsFailed = new sst.aws.Queue("EmailEventsFailed", {
  transform: { queue: { messageRetentionSeconds: DEAD_LETTER_RETENTION_MINUTES * 60 } },
});

/** Bounces and complaints, one SNS notification at a time: a hard bounce or a complaint suppresses the address. */
export const sesEvents = emailEvents.subscribe("EmailEventsHandler", {
  // named like the other functions (unknot-<stage>-…), so its log group is /aws/lambda/unknot-<stage>-EmailEventsHandler;
  // left to SST, the subscriber's long name loses the app and stage
  name: `${$app.name}-${$app.stage}-EmailEventsHandler`,
  handler: "functions/handlers/ses-events.handler",
  runtime,
  // it only reads and writes single items (functions/runtime/resources.ts): no SES permission; the
  // settings for retentionMonths, the expiry a suppressed subscriber's data gets
  link: [table, tokenKey, settings],
  permissions: [...tableAccess(table, ["GetItem", "PutItem", "UpdateItem"]), { actions: ["sqs:SendMessage"], resources: [emailEventsFailed.arn] }],
  retries: 2,
  transform: { eventInvokeConfig: { destinationConfig: { onFailure: { destination: emailEventsFailed.arn } } } },
});
