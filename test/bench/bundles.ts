import { execFile } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build, type BuildOptions, type Metafile } from "esbuild";
import { median } from "./harness";

/** The Lambda entry points, bundled one by one. */
const FUNCTIONS = ["functions/handlers/api.ts", "functions/handlers/sender.ts", "functions/handlers/ses-events.ts"];

/**
 * What SST's Node runtime hands esbuild for a deployed function (sst/sst pkg/runtime/node/build.go):
 * ESM with a `require` shim, names kept, module-first resolution, minified outside `sst dev`;
 * the target is the Node the Lambdas run (package.json engines: Node 24).
 */
const SST_LIKE: BuildOptions = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "node24",
  keepNames: true,
  mainFields: ["module", "main"],
  metafile: true,
  external: ["sharp", "pg-native"],
  banner: {
    js: [
      `import { createRequire as topLevelCreateRequire } from 'module';`,
      `const require = topLevelCreateRequire(import.meta.url);`,
      `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
      `const __filename = topLevelFileUrlToPath(import.meta.url)`,
      `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
    ].join("\n"),
  },
  logLevel: "silent",
};

/** The libraries a baseline may hold, and one line that uses each so that nothing is shaken out. */
const LIBRARIES: { name: string; path: RegExp; imports: string; uses: string }[] = [
  { name: "hono", path: /node_modules\/hono\/dist\/(?!adapter\/aws-lambda)/, imports: `import { Hono } from "hono";`, uses: "new Hono().get('/', (c) => c.text('ok'))" },
  { name: "hono/aws-lambda", path: /node_modules\/hono\/dist\/adapter\/aws-lambda/, imports: `import { handle } from "hono/aws-lambda";`, uses: "handle" },
  { name: "@aws-sdk/client-dynamodb", path: /node_modules\/@aws-sdk\/client-dynamodb\//, imports: `import { DynamoDBClient, ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";`, uses: "new DynamoDBClient({}), ConditionalCheckFailedException" },
  {
    name: "@aws-sdk/lib-dynamodb",
    path: /node_modules\/@aws-sdk\/lib-dynamodb\//,
    imports: `import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, DeleteCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";`,
    uses: "DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, DeleteCommand, QueryCommand, ScanCommand",
  },
  { name: "@aws-sdk/client-ses", path: /node_modules\/@aws-sdk\/client-ses\//, imports: `import { SESClient, SendRawEmailCommand, GetSendQuotaCommand } from "@aws-sdk/client-ses";`, uses: "new SESClient({}), SendRawEmailCommand, GetSendQuotaCommand" },
];

export interface BundleResult {
  entry: string;
  libraries: string[];
  kb: number;
  baselineKb: number;
  sizeRatio: number;
  importMs: number;
  baselineImportMs: number;
  importRatio: number;
  /** the biggest packages in the bundle, by bytes of output */
  largest: { name: string; kb: number }[];
}

function packagesBySize(metafile: Metafile): { name: string; kb: number }[] {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const name = match?.[1] ?? (input.endsWith(".json") ? "templates (json)" : "unknot's own code");
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes].map(([name, bytes]) => ({ name, kb: bytes / 1024 })).sort((a, b) => b.kb - a.kb);
}

const run = promisify(execFile);

/** Milliseconds to import the module in a fresh Node process (the cold-start part a bundle adds), median of `times`. */
async function coldImports(files: string[], times: number): Promise<number[][]> {
  const samples = files.map(() => [] as number[]);
  const script = `const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));`;
  for (let round = 0; round < times; round++) {
    for (const [i, file] of files.entries()) {
      const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script, pathToFileURL(file).href]);
      samples[i]!.push(Number(stdout));
    }
  }
  return samples;
}

/** 5. Each function bundled as SST would, against a bundle of only the libraries it uses. */
export async function bundleSizes(outDir: string, times = 9): Promise<BundleResult[]> {
  mkdirSync(outDir, { recursive: true });
  const results: BundleResult[] = [];
  for (const entry of FUNCTIONS.filter((file) => existsSync(file))) {
    const name = entry.replace(/^functions\//, "").replace(/\.ts$/, "");
    const outfile = join(outDir, `${name}.mjs`);
    const built = await build({ ...SST_LIKE, entryPoints: [entry], outfile });
    const inputs = Object.keys(built.metafile!.inputs);
    const libraries = LIBRARIES.filter((lib) => inputs.some((input) => lib.path.test(input)));

    const baselineEntry = join(outDir, `${name}.baseline.mjs`);
    writeFileSync(
      baselineEntry,
      `${libraries.map((lib) => lib.imports).join("\n")}\nexport const used = [${libraries.map((lib) => lib.uses).join(", ")}];\n`,
    );
    const baselineOut = join(outDir, `${name}.baseline.bundle.mjs`);
    await build({ ...SST_LIKE, entryPoints: [baselineEntry], outfile: baselineOut, absWorkingDir: process.cwd() });

    const [own, base] = await coldImports([outfile, baselineOut], times);
    const kb = statSync(outfile).size / 1024;
    const baselineKb = statSync(baselineOut).size / 1024;
    const importMs = median(own!);
    const baselineImportMs = median(base!);
    results.push({
      entry: relative(process.cwd(), entry),
      libraries: libraries.map((lib) => lib.name),
      kb,
      baselineKb,
      sizeRatio: kb / baselineKb,
      importMs,
      baselineImportMs,
      importRatio: importMs / baselineImportMs,
      largest: packagesBySize(built.metafile!).slice(0, 6),
    });
  }
  return results;
}
