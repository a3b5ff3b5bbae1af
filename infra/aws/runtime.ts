import pkg from "../../package.json";

/**
 * The Lambda runtime, from package.json's `engines` (Node 22 or newer, what SST, mjml and the
 * AWS SDK ask for), so the runtime, the README and `engines` can't tell different stories.
 */
export const runtime = `nodejs${pkg.engines.node.match(/\d+/)![0]}.x` as "nodejs22.x";
