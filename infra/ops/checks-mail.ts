import { ListHostedZonesByNameCommand } from "@aws-sdk/client-route-53";
import { DescribeConfigurationSetCommand, GetIdentityDkimAttributesCommand, GetIdentityVerificationAttributesCommand } from "@aws-sdk/client-ses";
import { sendingAddress } from "../../functions/domain/settings";
import type { OperatorConfig } from "../aws/operator-config";
import { configurationSetNameFor } from "../aws/ses-plan";
import { call, isNotFound } from "./aws-calls";
import { fail, ok, skip, warn, type CheckContext, type Step } from "./check";
import { configurationSetOwnership, identityOwnership } from "./ses-ownership";

/** The SES identity, its DNS and this stage's configuration set: before a deploy, and after. */

type Ctx = CheckContext & { config: OperatorConfig };
const isDomain = (config: OperatorConfig) => !config.sender.includes("@");
const ownership = (c: Ctx) => c.memo("identity", () => identityOwnership(c.aws.sesv2, c.stage, c.config.sender));
/** Whose the identity is, when that could be read; undefined otherwise (its own check says why). */
const ownershipIfKnown = (c: Ctx) => ownership(c).catch(() => undefined);

/** The address the emails come from, and its domain. */
function fromOf(config: OperatorConfig) {
  const from = sendingAddress(config.sender, config.fromAddress) ?? "";
  return { from, fromDomain: from.split("@")[1] ?? "" };
}

/** What SES says of every name the checks ask about (the sender, the From address, its domain): one call, shared. */
const verification = (c: Ctx) =>
  c.memo("verification", async () => {
    const { from, fromDomain } = fromOf(c.config);
    const names = [...new Set([c.config.sender, from, fromDomain].filter(Boolean))];
    const { VerificationAttributes: found = {} } = await call(c.aws.ses, new GetIdentityVerificationAttributesCommand({ Identities: names }));
    return found;
  });

/** Where the DKIM records come from, for this stage: written by the deploy, printed by it, or its owner's business. */
async function dkimFix(c: Ctx) {
  const owner = await ownershipIfKnown(c);
  const records = `the three CNAME records <token>._domainkey.${c.config.sender}`;
  if (owner?.plan === "use") {
    return `${c.config.sender} wasn't made by this stage, so its DNS is set up where it was made (SES console, Identities, ${c.config.sender}, Authentication lists ${records})`;
  }
  if (c.config.emailDns === "route53") {
    return `npm run deploy writes ${records} to the Route 53 zone (see Route 53 hosted zone); once they are there SES checks them for up to 72 hours`;
  }
  return `add ${records} that npm run deploy printed as dnsRecords at your DNS provider; SES checks them for up to 72 hours`;
}

const senderIdentity: Step = {
  name: "Sender identity",
  needs: { settings: true },
  async run(c) {
    const { sender } = c.config;
    const status = (await verification(c))[sender]?.VerificationStatus;
    if (status === "Success") return ok(`${sender} is verified`);
    if (!status) return fail(`SES in ${c.region} has no identity ${sender}: npm run deploy creates it (check the region)`);
    const fix = isDomain(c.config) ? await dkimFix(c) : `open the link SES emailed to ${sender}`;
    return fail(`${sender} is ${status.toLowerCase()}: ${fix}`);
  },
};

const identityOwner: Step = {
  name: "SES identity owner",
  needs: { settings: true },
  async run(c) {
    const found = await ownership(c);
    if (found.plan === "create") return ok(`${c.config.sender} doesn't exist yet: npm run deploy creates it`);
    if (found.plan === "adopt") return ok(`${c.config.sender} was made by this stage`);
    if (found.otherOwner !== "nobody") return ok(`made by ${found.otherOwner?.replace("stage ", 'stage "')}": this stage sends as it and leaves it to that stage`);
    return warn(
      `${c.config.sender} already exists in SES and wasn't made by unknot: npm run deploy uses it as it is and never changes or deletes it, ` +
        `so its DKIM, MAIL FROM and DNS records stay yours to manage (its default configuration set doesn't matter: unknot names its own on every email)`,
    );
  },
};

const dkim: Step = {
  name: "DKIM",
  needs: { settings: true },
  async run(c) {
    if (!isDomain(c.config)) return skip(`not needed: the sender is one address (SES signs its mail with its own domain's key)`);
    const { sender } = c.config;
    const { DkimAttributes: found = {} } = await call(c.aws.ses, new GetIdentityDkimAttributesCommand({ Identities: [sender] }));
    const state = found[sender];
    if (state?.DkimEnabled && state.DkimVerificationStatus === "Success") return ok("signing, records verified");
    return fail(`${state?.DkimVerificationStatus ?? "not set up"}: ${await dkimFix(c)}`);
  },
};

const fromAddress: Step = {
  name: "From address",
  needs: { settings: true },
  async run(c) {
    const { sender } = c.config;
    const { from, fromDomain } = fromOf(c.config);
    const found = await verification(c);
    const verified = (name: string) => found[name]?.VerificationStatus === "Success";
    if (verified(from) || verified(fromDomain)) return ok(`${from} may send`);
    if ([from, fromDomain].includes(sender)) return fail(`${from} may send once ${sender} is verified (above)`);
    return fail(`${from || "(none)"} isn't covered by a verified identity: set fromAddress to an address at ${sender} in unknot.config.json`);
  },
};

/** With `emailDns: route53`, SST writes the records into the public zone of the sender's domain (or a parent of it). */
const hostedZone: Step = {
  name: "Route 53 hosted zone",
  needs: { settings: true },
  async run(c) {
    if (!isDomain(c.config)) return skip("not needed: the sender is one address");
    if (c.config.emailDns !== "route53") return skip("not needed: emailDns is manual (you add the records npm run deploy prints)");
    if ((await ownershipIfKnown(c))?.plan === "use") return skip("not needed: the identity isn't this stage's, so the deploy writes no DNS records");
    const labels = c.config.sender.toLowerCase().split(".");
    for (let i = 0; i < labels.length - 1; i++) {
      const domain = labels.slice(i).join(".");
      const { HostedZones: zones = [] } = await call(c.aws.route53, new ListHostedZonesByNameCommand({ DNSName: domain, MaxItems: 1 }));
      const zone = zones.find((z) => z.Name?.replace(/\.$/, "").toLowerCase() === domain && !z.Config?.PrivateZone);
      if (zone) return ok(`${domain} (${zone.Id?.replace("/hostedzone/", "")}): npm run deploy writes the DKIM and DMARC records there`);
    }
    return fail(
      `this account has no public Route 53 zone for ${c.config.sender}: set "emailDns": "manual" in unknot.config.json and add the records ` +
        `npm run deploy prints at your DNS provider, or move the domain's DNS to Route 53 (its NS records at your registrar)`,
    );
  },
};

const configurationSet: Step = {
  name: "SES configuration set",
  needs: { settings: true },
  async run(c) {
    if (!c.deployed) {
      const found = await configurationSetOwnership(c.aws.sesv2, c.stage);
      if ("refused" in found) return fail(`npm run deploy will refuse: ${found.refused}`);
      return ok(found.plan === "create" ? `${configurationSetNameFor(c.stage)} doesn't exist yet: npm run deploy creates it` : found.says);
    }
    const name = c.deployed.configSet;
    try {
      const set = await call(c.aws.ses, new DescribeConfigurationSetCommand({ ConfigurationSetName: name, ConfigurationSetAttributeNames: ["eventDestinations"] }));
      const destinations = (set.EventDestinations ?? []).filter((d) => d?.Enabled !== false && d?.SNSDestination?.TopicARN);
      const types = new Set(destinations.flatMap((d) => d.MatchingEventTypes ?? []).map((t) => t.toLowerCase()));
      if (!types.has("bounce") || !types.has("complaint")) {
        return fail(`${name} doesn't publish bounces and complaints to SNS: npm run deploy restores its event destination`);
      }
      return ok(`${name} publishes bounces and complaints`);
    } catch (error) {
      if (isNotFound(error, "ConfigurationSetDoesNotExistException", "ConfigurationSetDoesNotExist")) {
        return fail(`${name} is missing: npm run deploy creates it`);
      }
      throw error;
    }
  },
};

export const mailChecks: Step[] = [senderIdentity, identityOwner, dkim, fromAddress, hostedZone, configurationSet];
