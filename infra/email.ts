/** The SES identity that sends every email. `UNKNOT_SENDER` is an address or a domain you own;
 * with a domain, set `UNKNOT_FROM_ADDRESS` too (e.g. coach@your-domain). */
const sender = process.env.UNKNOT_SENDER;
if (!sender) throw new Error("Set UNKNOT_SENDER to the address or domain unknot sends from");

/** Where the identity's configuration set publishes bounces and complaints; `infra/ses-events.ts` handles them. */
export const emailEvents = new sst.aws.SnsTopic("EmailEvents");

/** SES (for this account only) may publish to the topic. */
const sesMayPublish = new aws.sns.TopicPolicy("EmailEventsPolicy", {
  arn: emailEvents.arn,
  policy: $jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ses.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: emailEvents.arn,
        Condition: { StringEquals: { "AWS:SourceAccount": aws.getCallerIdentityOutput({}).accountId } },
      },
    ],
  }),
});

/** With a domain in Route 53, SST writes the DKIM and DMARC records; `UNKNOT_EMAIL_DNS=manual`
 * leaves them to you (SES shows which records to add). */
const manualDns = process.env.UNKNOT_EMAIL_DNS === "manual";

export const email = new sst.aws.Email("Email", {
  sender,
  ...(manualDns && { dns: false }),
  // the topic's ARN taken from its policy, so the destination is made once SES may publish
  events: [{ name: "BounceComplaint", types: ["bounce", "complaint"], topic: sesMayPublish.arn }],
});
