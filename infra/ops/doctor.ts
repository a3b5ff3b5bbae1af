import { parseArgs } from "node:util";
import type { Deployed, DoctorInput } from "./checks";
import { ConfigError } from "../aws/operator-config";
import { loadStageConfig } from "../aws/stage-config";
import { marks } from "./check";
import { runChecks } from "./checks";
import { whereFrom } from "./target";

/**
 * `npm run doctor [-- --stage try]`: a preflight of the AWS account, before and after a deploy.
 * Uses the standard AWS SDK configuration (AWS_REGION, AWS_PROFILE or keys, AWS_ENDPOINT_URL).
 * Under `npx sst shell --stage <stage> -- npm run doctor` it also checks what was deployed. It
 * never stops at a failure: every check prints its own line, and the exit code says whether any
 * failed.
 */
const { values } = parseArgs({ options: { stage: { type: "string" } } });

type Linked = Record<string, { name?: string; stage?: string; configSet?: string; value?: string; arn?: string; url?: string } | undefined>;

/** SST's linked resources, when `sst shell` has put them in the environment. */
async function deployedResources(): Promise<{ stage?: string; deployed: Deployed } | undefined> {
  if (whereFrom() !== "deployed") return undefined;
  const { Resource } = await import("sst");
  const linked = Resource as unknown as Linked;
  const get = (name: string) => (name in linked ? linked[name] : undefined);
  return {
    stage: get("App")?.stage,
    deployed: {
      table: get("Subscribers")?.name ?? "",
      configSet: get("Email")?.configSet ?? "",
      tokenKey: get("TokenKey")?.value,
      linkKey: get("LinkKey")?.value,
      linkKeyPrevious: get("LinkKeyPrevious")?.value,
      alarmsTopic: get("Alarms")?.arn,
      emailEventsTopic: get("EmailEvents")?.arn,
      apiUrl: get("Api")?.url,
    },
  };
}

try {
  const found = await deployedResources().catch((error: unknown) => {
    console.log(`✘ sst shell: its resources can't be read (${(error as Error).message}); checking the account only\n`);
    return undefined;
  });
  const stage = values.stage ?? found?.stage ?? "production";
  const input: DoctorInput = { stage, ...(found && { deployed: found.deployed }) };
  try {
    input.config = loadStageConfig(stage);
  } catch (error) {
    input.settingsProblem = error instanceof ConfigError ? error.message : `can't be read (${(error as Error).message})`;
  }

  console.log(`unknot doctor, stage "${stage}"${input.config ? `, sender ${input.config.sender}` : ""}\n`);
  const checks = await runChecks(input);
  for (const check of checks) console.log(`${marks[check.status]} ${check.name}: ${check.detail}`);
  const failed = checks.filter((c) => c.status === "fail").length;
  console.log(failed ? `\n${failed} to fix.` : "\nAll good.");
  process.exitCode = failed ? 1 : 0;
} catch (error) {
  // the checks catch their own failures; this is the doctor's own last word, never a stack trace
  console.log(`✘ npm run doctor couldn't finish (${(error as Error).name}: ${(error as Error).message})`);
  process.exitCode = 1;
}
