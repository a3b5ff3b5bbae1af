import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { OperatorConfig } from "../aws/operator-config";
import { call, explain } from "./aws-calls";
import { awsClients, fail, ok, skip, type Check, type CheckContext, type DoctorInput, type Verdict } from "./check";
import { accountChecks, sandboxVerdict } from "./checks-account";
import { deployedChecks } from "./checks-deployed";
import { mailChecks } from "./checks-mail";

export type { Check, Deployed, DoctorInput } from "./check";

/**
 * Every check, each on its own: one that fails (AccessDenied, throttling, a timeout, an endpoint
 * that isn't there, or anything else) is a ✘ line naming the permission or the endpoint and the
 * fix, and every check after it still runs. Checks that need what an earlier one couldn't give
 * (a region, credentials, valid settings, a deployed stage) say so on a – line.
 */
export async function runChecks(input: DoctorInput): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (name: string, verdict: Verdict) => checks.push({ name, ...verdict });

  add("Settings", input.config ? ok(`stage "${input.stage}", sender ${input.config.sender}`) : fail(input.settingsProblem ?? "not readable"));

  const aws = awsClients();
  const region = await aws.sts.config.region().catch(() => undefined);
  let blocked: string | undefined;
  if (!region) {
    add("AWS region", fail("no region set: export AWS_REGION=eu-west-1 (the region you deploy to), or set one in ~/.aws/config"));
    blocked = "needs a region (above)";
  } else {
    try {
      const { Account } = await call(aws.sts, new GetCallerIdentityCommand({}));
      add("AWS credentials and region", ok(`account ${Account}, region ${region}`));
    } catch (error) {
      add("AWS credentials and region", fail(explain(error)));
      blocked = "needs working credentials (above)";
    }
  }

  const lookups = new Map<string, Promise<unknown>>();
  const context: CheckContext = {
    ...input,
    aws,
    region: region ?? "",
    memo: <T>(key: string, lookup: () => Promise<T>) => {
      if (!lookups.has(key)) lookups.set(key, lookup());
      return lookups.get(key) as Promise<T>;
    },
  };
  const later = `not checked: after npm run deploy, run npx sst shell --stage ${input.stage} -- npm run doctor`;
  for (const step of [...accountChecks, ...mailChecks, ...deployedChecks]) {
    if (blocked) add(step.name, skip(`not checked: ${blocked}`));
    else if (step.needs.deployed && !input.deployed) add(step.name, skip(later));
    else if (step.needs.settings && !input.config) add(step.name, skip("not checked: fix the settings (above) first"));
    else {
      try {
        add(step.name, await step.run(context as CheckContext & { config: OperatorConfig }));
      } catch (error) {
        add(step.name, fail(explain(error)));
      }
    }
  }
  return checks;
}

/** Whether the account may mail anyone yet, for the end of a deploy; never throws. */
export async function sandboxStatus(): Promise<Check> {
  const name = "SES sending limits";
  try {
    return { name, ...(await sandboxVerdict(awsClients())) };
  } catch (error) {
    return { name, status: "skip", detail: `couldn't check (${explain(error)}): npm run doctor` };
  }
}
