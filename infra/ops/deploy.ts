import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { ConfigError } from "../aws/operator-config";
import { sesPlanToEnv } from "../aws/ses-plan";
import { configFile, loadStageConfig } from "../aws/stage-config";
import { clientOptions, explain } from "./aws-calls";
import { marks } from "./check";
import { sandboxStatus } from "./checks";
import { sesPlanFor } from "./ses-ownership";

/**
 * `npm run deploy [-- --stage try]`: the only way to deploy. Checks the stage's settings in
 * unknot.config.json before anything reaches AWS; reads (changes nothing) whether the SES identity
 * and this stage's configuration set already exist and whose they are, says what the deploy will
 * do with them, and stops if it won't take one over; builds the templates the functions bundle,
 * then runs `sst deploy` for that stage (production by default) with that decision, and says
 * whether the account is still in the SES sandbox.
 */
const { values } = parseArgs({ options: { stage: { type: "string", default: "production" } } });
const stage = values.stage;
const nothing = "Nothing was deployed.";

let sender: string;
try {
  sender = loadStageConfig(stage).sender;
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${error.message}\n\n${nothing} Fix the settings above and run npm run deploy again.`);
  process.exit(1);
}
console.log(`Settings for "${stage}" are complete (${configFile()}).`);

const decided = await sesPlanFor(new SESv2Client(clientOptions()), stage, sender).catch((error: unknown) => ({
  refused: `couldn't read SES to see whether the identity ${sender} or the configuration set already exist: ${explain(error)}`,
}));
if ("refused" in decided) {
  console.error(`\n${decided.refused}\n\n${nothing}`);
  process.exit(1);
}
for (const line of decided.lines) console.log(line);

const run = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: "inherit", env: { ...process.env, UNKNOT_CONFIG: configFile(), ...sesPlanToEnv(decided.plan) } }).status ?? 1;

const built = run("npm", ["run", "build", "--silent"]);
if (built !== 0) process.exit(built);
const deployed = run("sst", ["deploy", "--stage", stage]);
if (deployed !== 0) process.exit(deployed);

// the one next step the stack can't know: whether SES still keeps this account in the sandbox
const sandbox = await sandboxStatus();
console.log(`\n${marks[sandbox.status]} ${sandbox.name}: ${sandbox.detail}`);
