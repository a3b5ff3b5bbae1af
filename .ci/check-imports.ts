/**
 * The direction of every import (DESIGN.md's layout), checked in CI before the tests. In
 * `functions/` an arrow only ever points down this list, and each room may use only its own
 * outside packages:
 *
 *   handlers/  the Lambda entry points
 *   web/       routes and pages (hono)
 *   runtime/   the only place that imports `sst`; builds the context with the AWS clients
 *   adapters/  DynamoDB and SES (the AWS SDK), behind the domain's ports
 *   domain/    pure: no sst, no AWS SDK, no hono
 *   email/     fills the compiled templates; imports nothing else in functions/
 *
 * Besides: nothing in `functions/` imports `infra/`; `infra/aws/` (inside Pulumi) imports
 * nothing from `infra/ops/` or `infra/dev/`; no import cycle anywhere in either, type-only
 * imports included (they count for every rule).
 *
 * Uses dpdm, which parses TypeScript with its own TypeScript 5 (madge can't install beside the
 * project's TypeScript 7, which has no JavaScript compiler API for its parser).
 */
import { relative } from "node:path";
import { parseCircular, parseDependencyTree, type Dependency } from "dpdm";

const root = process.cwd();
const layers = ["handlers", "web", "runtime", "adapters", "domain", "email"] as const;
type Layer = (typeof layers)[number];

/** Outside packages a layer may not import (a prefix matches a scope or a subpath). */
const forbiddenPackages: Partial<Record<Layer, string[]>> = {
  web: ["sst", "@aws-sdk/"],
  adapters: ["sst", "hono"],
  domain: ["sst", "@aws-sdk/", "hono"],
  email: ["sst", "@aws-sdk/", "hono"],
};

const layerOf = (file: string): Layer | undefined => {
  const match = file.match(/^functions\/([^/]+)\//);
  return match && (layers as readonly string[]).includes(match[1]!) ? (match[1] as Layer) : undefined;
};
const isPackage = (request: string) => !request.startsWith(".") && !request.startsWith("/");
const names = (request: string, prefix: string) => (prefix.endsWith("/") ? request.startsWith(prefix) : request === prefix || request.startsWith(`${prefix}/`));

/** Every rule one import breaks, in words that say how to mend it. */
export function problemsOf(from: string, request: string, to: string | undefined): string[] {
  const problems: string[] = [];
  const fromLayer = layerOf(from);
  if (fromLayer && isPackage(request)) {
    for (const prefix of forbiddenPackages[fromLayer] ?? []) {
      if (names(request, prefix)) problems.push(`functions/${fromLayer}/ may not import ${request}: ${from}`);
    }
  }
  if (!to || to.startsWith("node_modules/")) return problems;
  if (from.startsWith("functions/") && to.startsWith("infra/")) problems.push(`functions imports infra: ${from} -> ${to}`);
  if (from.startsWith("infra/aws/") && (to.startsWith("infra/ops/") || to.startsWith("infra/dev/"))) {
    problems.push(`infra/aws (runs inside Pulumi) imports an operator command or the local stack: ${from} -> ${to}`);
  }
  const toLayer = layerOf(to);
  if (fromLayer && toLayer && layers.indexOf(toLayer) < layers.indexOf(fromLayer)) {
    problems.push(`functions/${fromLayer}/ imports functions/${toLayer}/, which is above it: ${from} -> ${to}`);
  }
  if (fromLayer === "email" && to.startsWith("functions/") && toLayer !== "email") {
    problems.push(`email imports the rest of functions/ (a type counts too; declare the shape in functions/email/inputs.ts): ${from} -> ${to}`);
  }
  return problems;
}

async function check(): Promise<void> {
  // `transform: false` keeps type-only imports: they count for every rule
  const tree = await parseDependencyTree(["functions/**/*.{ts,tsx}", "infra/**/*.{ts,tsx}"], {
    context: root,
    transform: false,
    extensions: [".ts", ".tsx", ".js", ".json"],
  });
  const problems: string[] = [];
  for (const cycle of parseCircular(tree)) problems.push(`cycle: ${[...cycle, cycle[0]].map((f) => relative(root, f!)).join(" -> ")}`);
  for (const [issuer, list] of Object.entries(tree)) {
    for (const d of (list ?? []) as Dependency[]) {
      problems.push(...problemsOf(relative(root, issuer), d.request, d.id ? relative(root, d.id) : undefined));
    }
  }
  if (problems.length) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  const files = Object.keys(tree).filter((f) => !f.includes("node_modules")).length;
  console.log(`imports: ${files} files in functions/ and infra/ point one way (${layers.join(" → ")}), infra/aws stands alone, no cycles`);
}

if (process.argv[1] && import.meta.url.endsWith(relative(root, process.argv[1]))) await check();
