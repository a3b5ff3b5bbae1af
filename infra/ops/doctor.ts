import "./quiet-sdk";
import { parseArgs } from "node:util";
import { ConfigError } from "../aws/operator-config";
import { loadStageConfig } from "../aws/stage-config";
import { runChecks, type DoctorInput } from "./checks";
import { whereFrom } from "./target";

/**
 * `npm run doctor [-- --stage try]`: a preflight of the AWS account, before and after a deploy.
 * Uses the standard AWS SDK configuration (AWS_REGION, AWS_PROFILE or keys, AWS_ENDPOINT_URL).
 * Under `npx sst shell --stage <stage> -- npm run doctor` it also checks what was deployed.
 */
const { values } = parseArgs({ options: { stage: { type: "string" } } });

/** SST's linked resources, when `sst shell` has put them in the environment. */
async function deployedResources() {
  if (whereFrom() !== "deployed") return undefined;
  const { Resource } = await import("sst");
  const linked = Resource as unknown as Record<string, { name?: string; stage?: string; configSet?: string; value?: string } | undefined>;
  const has = (name: string) => name in linked;
  return {
    stage: has("App") ? linked.App?.stage : undefined,
    table: has("Subscribers") ? (linked.Subscribers?.name ?? "") : "",
    configSet: has("Email") ? (linked.Email?.configSet ?? "") : "",
    tokenKey: has("TokenKey") ? linked.TokenKey?.value : undefined,
    linkKey: has("LinkKey") ? linked.LinkKey?.value : undefined,
    linkKeyPrevious: has("LinkKeyPrevious") ? linked.LinkKeyPrevious?.value : undefined,
  };
}

const deployed = await deployedResources();
const stage = values.stage ?? deployed?.stage ?? "production";
let input: DoctorInput;
try {
  const config = loadStageConfig(stage);
  input = { stage, sender: config.sender, fromAddress: config.fromAddress, ...(deployed && { deployed }) };
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.log(`✘ Settings: ${error.message}`);
  process.exit(1);
}

console.log(`unknot doctor, stage "${stage}", sender ${input.sender}\n`);
const checks = await runChecks(input);
const mark = { ok: "✔", fail: "✘", skip: "–" };
for (const check of checks) console.log(`${mark[check.status]} ${check.name}: ${check.detail}`);
const failed = checks.filter((c) => c.status === "fail").length;
console.log(failed ? `\n${failed} to fix.` : "\nAll good.");
process.exit(failed ? 1 : 0);
