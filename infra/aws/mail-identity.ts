import { config } from "./config";
import { configurationSetNameFor, sesPlanFromEnv } from "./ses-plan";

/**
 * The mail identity: the SES identity that sends every email (`sender`: an address, or a domain
 * you own), this stage's configuration set, and where bounces and complaints go. Built from SES
 * resources rather than `sst.aws.Email`, which waits for a domain to verify on every deploy (a
 * manual-DNS deploy would hang until the DKIM records exist) and links `ses:*`.
 *
 * One identity of a name exists per account and region, whoever made it, so it is shared: by
 * `try` and `production` when they send as the same domain, and with a clinic's own SES use.
 * `npm run deploy` decides beforehand whether this stage makes it, takes its own back, or uses one
 * that isn't its own as it is (infra/aws/ses-plan.ts). Whoever makes it keeps it on `sst remove`,
 * since another stage may be sending as it.
 */
const isDomain = !config.sender.includes("@");
const plan = sesPlanFromEnv();
const ownsIdentity = plan.identity !== "use";

/** Where the configuration set publishes bounces and complaints; `infra/aws/ses-events.ts` handles them. */
export const emailEvents = new sst.aws.SnsTopic("EmailEvents");

const configurationSetName = configurationSetNameFor($app.stage);
const configurationSet = new aws.sesv2.ConfigurationSet(
  "EmailConfig",
  { configurationSetName, reputationOptions: { reputationMetricsEnabled: true } },
  plan.configurationSet === "adopt" ? { import: configurationSetName } : {},
);

// No default configuration set on the identity: every email names this stage's set itself
// (functions/adapters/ses-mailer.ts), so stages sharing the identity keep their own events, and
// removing one stage never leaves the identity pointing at a set that is gone.
const identity = ownsIdentity
  ? new aws.sesv2.EmailIdentity(
      "EmailIdentity",
      { emailIdentity: config.sender },
      { retainOnDelete: true, ...(plan.identity === "adopt" && { import: config.sender }) },
    )
  : aws.sesv2.EmailIdentity.get("EmailIdentity", config.sender);

const account = aws.getCallerIdentityOutput({}).accountId;
const region = aws.getRegionOutput({}).region;
const partition = aws.getPartitionOutput({}).partition;

/** SES (from this account, for this configuration set only) may publish to the topic. */
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
        Condition: { StringEquals: { "AWS:SourceAccount": account, "AWS:SourceArn": configurationSet.arn } },
      },
    ],
  }),
});

new aws.sesv2.ConfigurationSetEventDestination("EmailEventBounceComplaint", {
  configurationSetName: configurationSet.configurationSetName,
  eventDestinationName: "BounceComplaint",
  eventDestination: {
    enabled: true,
    matchingEventTypes: ["BOUNCE", "COMPLAINT"],
    // the topic's ARN taken from its policy, so the destination is made once SES may publish
    snsDestination: { topicArn: sesMayPublish.arn },
  },
});

if (config.mailFromDomain && ownsIdentity) {
  new aws.sesv2.EmailIdentityMailFromAttributes("EmailMailFrom", {
    emailIdentity: identity.emailIdentity,
    mailFromDomain: config.mailFromDomain,
    behaviorOnMxFailure: "USE_DEFAULT_VALUE",
  });
}

/** The DNS records a domain sender needs: DKIM (3 CNAMEs), DMARC, and MAIL FROM when configured. */
const DKIM_KEYS = 3;
const dkim = Array.from({ length: DKIM_KEYS }, (_, i) => {
  const token = identity.dkimSigningAttributes.apply((attributes) => attributes?.tokens?.[i] ?? "");
  return { type: "CNAME", name: $interpolate`${token}._domainkey.${config.sender}`, value: $interpolate`${token}.dkim.amazonses.com` };
});
/** Only for an identity this stage manages: DNS for one it merely uses is its owner's business. */
export const dnsRecords =
  isDomain && ownsIdentity
    ? [
        ...dkim,
        ...(config.dmarc === "keep" ? [] : [{ type: "TXT", name: `_dmarc.${config.sender}`, value: config.dmarc }]),
        ...(config.mailFromDomain
          ? [
              { type: "MX", name: config.mailFromDomain, value: $interpolate`10 feedback-smtp.${region}.amazonses.com` },
              { type: "TXT", name: config.mailFromDomain, value: "v=spf1 include:amazonses.com ~all" },
            ]
          : []),
      ]
    : [];

// with Route 53, write them; with `emailDns: "manual"`, the deploy prints them and doesn't wait
if (config.emailDns === "route53") {
  const zone = sst.aws.dns();
  for (const record of dnsRecords) zone.createRecord("Email", record, {});
}

/** Whether this stage manages the identity, for the deploy's closing lines. */
export const identityPlan = plan.identity;

/**
 * What the functions link: the identity and configuration set names, and sending through exactly
 * this configuration set. SES authorises every identity a send involves, and in the sandbox the
 * recipients are identities too (verified addresses), so the send policy names this account's
 * identities in this region (the sender, and in the sandbox your verified test addresses), not
 * the sender alone: with the sender alone, every sandbox send would be AccessDenied.
 */
export const email = new sst.Linkable("Email", {
  properties: { sender: config.sender, configSet: configurationSet.configurationSetName },
  include: [
    sst.aws.permission({
      actions: ["ses:SendRawEmail"],
      resources: [$interpolate`arn:${partition}:ses:${region}:${account}:identity/*`, configurationSet.arn],
    }),
  ],
});
