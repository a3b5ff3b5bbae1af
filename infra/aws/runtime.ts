import pkg from "../../package.json";

/**
 * The Lambda runtime, from package.json's `engines` (Node 24: what `npm test` runs on, through the
 * `node` devDependency, and what SST 4.17 defaults to), so the runtime, the tests, the README and
 * `engines` can't tell different stories.
 */
export const runtime = `nodejs${pkg.engines.node.match(/\d+/)![0]}.x` as "nodejs24.x";
