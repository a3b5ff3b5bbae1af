/**
 * The import rules for `functions/` (issue 12), checked in CI before the tests:
 * - no import cycle between its files, type-only imports included;
 * - nothing in it imports from `infra/` (infra may import functions, never the reverse);
 * - `functions/email/` imports nothing from `functions/core/`, not even a type: the use case passes
 *   email the data it builds from, in shapes email declares itself (`functions/email/inputs.ts`),
 *   so the layers point one way (core may import email).
 *
 * Uses dpdm, which parses TypeScript with its own TypeScript 5 (madge can't install beside the
 * project's TypeScript 7, which has no JavaScript compiler API for its parser).
 */
import { relative } from "node:path";
import { parseCircular, parseDependencyTree, type DependencyTree } from "dpdm";

const FILES = "functions/**/*.{ts,tsx}";
const root = process.cwd();

function edges(deps: DependencyTree): [string, string][] {
  return Object.entries(deps).flatMap(([issuer, list]) =>
    (list ?? []).flatMap((d) => (d.id ? [[relative(root, issuer), relative(root, d.id)] as [string, string]] : [])),
  );
}

const problems: string[] = [];
// `transform: false` keeps type-only imports: they count for every rule
const all = await parseDependencyTree(FILES, { context: root, transform: false, extensions: [".ts", ".tsx", ".js", ".json"] });
for (const cycle of parseCircular(all)) problems.push(`cycle: ${[...cycle, ...cycle.slice(0, 1)].map((f) => relative(root, f)).join(" -> ")}`);
for (const [from, to] of edges(all)) {
  if (to.startsWith("infra/")) problems.push(`functions imports infra: ${from} -> ${to}`);
  if (from.startsWith("functions/email/") && to.startsWith("functions/core/")) {
    problems.push(`email imports core (a type counts too; declare the shape in functions/email/inputs.ts): ${from} -> ${to}`);
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`imports in functions/: no cycles, nothing from infra/, email imports nothing from core (${Object.keys(all).length} files)`);
