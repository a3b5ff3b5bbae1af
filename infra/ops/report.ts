import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { statsOf, subscriberPages } from "./stats/figures";
import { localConfig } from "../dev/env";
import { DEMO_TODAY, demoPages } from "./report/demo";
import { reportHtml } from "./report/page";
import { withProgress } from "./scan-progress";
import { scanOptions, statsOptions } from "./stats-options";
import { commandTarget } from "./target";

/**
 * `npm run report`: the operator's report, one self-contained HTML file with charts, from the
 * same figures as `npm run stats -- --json`. Against the local stack by default; against AWS
 * under `sst shell --stage production -- npm run report`. `--demo` builds it from generated
 * data in memory instead and reads no table. Prints the file's path.
 */
const { values } = parseArgs({ options: { demo: { type: "boolean" }, out: { type: "string" }, ...statsOptions } });
const { filter, pageSize } = scanOptions(values);
const out = resolve(values.out ?? join(localConfig().dataDir, values.demo ? "report-demo.html" : "report.html"));

async function figures() {
  if (values.demo) {
    // dated the demo's own today, so the report's date and its cohorts tell the same story
    return { stats: await statsOf(demoPages(), filter), source: "Demo data (generated, not real people)", generatedAt: DEMO_TODAY };
  }
  const target = commandTarget();
  try {
    const stats = await statsOf(withProgress(subscriberPages(target.storage().store, pageSize)), filter);
    return { stats, source: `Table ${target.table()}`, generatedAt: new Date() };
  } catch (error) {
    console.error(`report failed: ${(error as Error).message}.${target.hint}`);
    process.exit(1);
  }
}

const { stats, source, generatedAt } = await figures();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, await reportHtml(stats, { source, filter, generatedAt }));
const shown = relative(process.cwd(), out);
console.log(shown.startsWith("..") ? out : shown);
