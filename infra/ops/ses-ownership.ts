import { GetConfigurationSetCommand, GetEmailIdentityCommand, type SESv2Client, type Tag } from "@aws-sdk/client-sesv2";
import { configurationSetNameFor, type ConfigurationSetPlan, type IdentityPlan, type SesPlan } from "../aws/ses-plan";
import { call, isNotFound } from "./aws-calls";

/**
 * Whether the SES identity and this stage's configuration set already exist, and whose they are,
 * read (never changed) before a deploy: `npm run deploy` decides from it how the stage treats them
 * (infra/aws/ses-plan.ts), and `npm run doctor` says it. SST tags everything a stage makes with
 * `sst:app` and `sst:stage`, so the tags tell this stage's own from another stage's and from
 * one unknot never made.
 */

/** Who made a resource, from its tags: this app's stage, or nobody we know. */
function madeBy(tags: Tag[] | undefined): string | undefined {
  const tag = (key: string) => tags?.find((t) => t.Key === key)?.Value;
  return tag("sst:app") === "unknot" ? tag("sst:stage") : undefined;
}

export interface Found<P> {
  plan: P;
  /** what the operator reads: whether it exists, whose it is, and what the deploy does with it */
  says: string;
  /** `stage <name>` when another stage of unknot made it; `nobody` when unknot didn't */
  otherOwner?: string;
}

export async function identityOwnership(sesv2: SESv2Client, stage: string, sender: string): Promise<Found<IdentityPlan>> {
  try {
    const identity = await call(sesv2, new GetEmailIdentityCommand({ EmailIdentity: sender }));
    const owner = madeBy(identity.Tags);
    if (owner === stage) return { plan: "adopt", says: `${sender} was made by an earlier deploy of this stage: this stage manages it again` };
    const use = "this stage sends as it and leaves it as it is: it won't change its DKIM, MAIL FROM or DNS records, or delete it";
    if (owner) return { plan: "use", otherOwner: `stage ${owner}`, says: `${sender} already exists, made by stage "${owner}": ${use}` };
    return { plan: "use", otherOwner: "nobody", says: `${sender} already exists in SES and wasn't made by unknot: ${use}` };
  } catch (error) {
    if (isNotFound(error)) return { plan: "create", says: `${sender} doesn't exist yet: this stage creates it (and keeps it on sst remove)` };
    throw error;
  }
}

export async function configurationSetOwnership(
  sesv2: SESv2Client,
  stage: string,
): Promise<Found<ConfigurationSetPlan> | { refused: string }> {
  const name = configurationSetNameFor(stage);
  try {
    const set = await call(sesv2, new GetConfigurationSetCommand({ ConfigurationSetName: name }));
    const owner = madeBy(set.Tags);
    if (owner === stage) return { plan: "adopt", says: `${name} was made by an earlier deploy of this stage: this stage manages it again` };
    return {
      refused:
        `the SES configuration set ${name} already exists and wasn't made by this stage (${owner ? `stage "${owner}"` : "not by unknot"}). ` +
        `unknot names its configuration set after the stage and won't take over one it didn't make: if nothing uses it, delete it ` +
        `(SES console, Configuration sets), or deploy under another stage name`,
    };
  } catch (error) {
    if (isNotFound(error)) return { plan: "create", says: `${name} doesn't exist yet: this stage creates it` };
    throw error;
  }
}

/** What npm run deploy hands the program, and the lines it prints first; a refusal stops the deploy. */
export async function sesPlanFor(sesv2: SESv2Client, stage: string, sender: string): Promise<{ plan: SesPlan; lines: string[] } | { refused: string }> {
  const identity = await identityOwnership(sesv2, stage, sender);
  const set = await configurationSetOwnership(sesv2, stage);
  if ("refused" in set) return set;
  return {
    plan: { identity: identity.plan, configurationSet: set.plan },
    lines: [`SES identity: ${identity.says}.`, `SES configuration set: ${set.says}.`],
  };
}
