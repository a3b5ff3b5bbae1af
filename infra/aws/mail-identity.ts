import { config } from "./config";

/**
 * The mail identity: the SES identity that sends every email (`sender`: an address, or a domain
 * you own), its configuration set, and where bounces and complaints go. Built from SES resources rather than
 * `sst.aws.Email`, which waits for a domain to verify on every deploy (a manual-DNS deploy would
 * hang until the DKIM records exist) and links `ses:*`.
 */
const isDomain = !config.sender.includes("@");

/** Where the configuration set publishes bounces and complaints; `infra/aws/ses-events.ts` handles them. */
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

const configurationSet = new aws.sesv2.ConfigurationSet("EmailConfig", {
  configurationSetName: `${$app.name}-${$app.stage}`,
  reputationOptions: { reputationMetricsEnabled: true },
});

const identity = new aws.sesv2.EmailIdentity("EmailIdentity", {
  emailIdentity: config.sender,
  configurationSetName: configurationSet.configurationSetName,
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

if (config.mailFromDomain) {
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
const region = aws.getRegionOutput({}).region;
export const dnsRecords = isDomain
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

/** What the functions link: the identity and configuration set names, and sending on exactly those. */
export const email = new sst.Linkable("Email", {
  properties: { sender: config.sender, configSet: configurationSet.configurationSetName },
  include: [sst.aws.permission({ actions: ["ses:SendRawEmail"], resources: [identity.arn, configurationSet.arn] })],
});
