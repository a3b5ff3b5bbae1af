import { exportByAddress } from "../../functions/domain/data-rights/personal-data";
import { addressArgument } from "./address-argument";
import { commandTarget } from "./target";

/**
 * `npm run export -- <address>`: everything stored about one subscriber, as JSON on stdout, for
 * an operator answering a request by email. Against the local stack by default; against AWS
 * under `sst shell --stage production -- npm run export -- <address>`.
 */
const address = addressArgument("export");

const target = commandTarget();

try {
  const data = await exportByAddress(target.context(), address, target.context().clock());
  if (!data) {
    console.error("unknot holds no data for that address.");
    process.exit(1);
  }
  console.log(JSON.stringify(data, null, 2));
} catch (error) {
  console.error(`export failed: ${(error as Error).message}.${target.hint}`);
  process.exit(1);
}
