import { addressArgument } from "./address-argument";
import { useDeployedOrLocal } from "../local/env";

/**
 * `npm run export -- <address>`: everything stored about one subscriber, as JSON on stdout, for
 * an operator answering a request by email. Against the local stack by default; against AWS
 * under `sst shell --stage production -- npm run export -- <address>`.
 */
const address = addressArgument("export");

useDeployedOrLocal();
const { getContext } = await import("../../functions/core/context");
const { exportByAddress } = await import("../../functions/core/personal-data");

try {
  const data = await exportByAddress(getContext(), address, new Date());
  if (!data) {
    console.error("unknot holds no data for that address.");
    process.exit(1);
  }
  console.log(JSON.stringify(data, null, 2));
} catch (error) {
  console.error(`export failed: ${(error as Error).message}. Is the local stack running (npm start)?`);
  process.exit(1);
}
