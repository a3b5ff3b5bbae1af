import "./quiet-sdk";
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { ConfigError } from "../aws/operator-config";
import { configFile, loadStageConfig } from "../aws/stage-config";
import { sandboxStatus } from "./checks";

/**
 * `npm run deploy [-- --stage try]`: the only way to deploy. Checks the stage's settings in
 * unknot.config.json before anything reaches AWS, builds the templates the functions bundle,
 * then runs `sst deploy` for that stage (production by default), and says whether the account
 * is still in the SES sandbox.
 */
const { values } = parseArgs({ options: { stage: { type: "string", default: "production" } } });
const stage = values.stage;

try {
  loadStageConfig(stage);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${error.message}\n\nNothing was deployed. Fix the settings above and run npm run deploy again.`);
  process.exit(1);
}
console.log(`Settings for "${stage}" are complete (${configFile()}).`);

const run = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: "inherit", env: { ...process.env, UNKNOT_CONFIG: configFile() } }).status ?? 1;

const built = run("npm", ["run", "build", "--silent"]);
if (built !== 0) process.exit(built);
const deployed = run("sst", ["deploy", "--stage", stage]);
if (deployed !== 0) process.exit(deployed);

// the one next step the stack can't know: whether SES still keeps this account in the sandbox
const sandbox = await sandboxStatus();
console.log(`\n${{ ok: "✔", fail: "✘", skip: "–" }[sandbox.status]} ${sandbox.name}: ${sandbox.detail}`);
