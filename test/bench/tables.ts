import { readFileSync, writeFileSync } from "node:fs";
import type { BundleResult } from "./bundles";
import { fixed, whole } from "./format";
import type { RenderResult } from "./render";
import type { ReportCostResult } from "./report";
import type { ScaleResult } from "./scale";
import type { ClockAloneResult, CostGrowthResult, RateCapResult, ThroughputResult } from "./sender";
import type { SignupResult } from "./signup";
import type { TimingResult } from "./signup-timing";

/**
 * BENCHMARKS.md's tables, rendered from one full run's results and written between the
 * file's `<!-- bench:NAME -->` … `<!-- /bench:NAME -->` markers. Everything outside the
 * markers is hand-written and stays byte for byte.
 */

/** What a full `npm run bench` writes to .test-output/bench/results.json. */
export interface BenchResults {
  date: string;
  commit?: string;
  node: string;
  cpu: string;
  loadBefore: string[];
  loadAfter: string[];
  loadDuring?: { min: string; max: string; samples: number };
  seconds?: number;
  senderThroughput: ThroughputResult;
  rateCap: RateCapResult;
  clockAlone: ClockAloneResult[];
  signup: SignupResult;
  signupTiming: TimingResult;
  costGrowth: CostGrowthResult;
  report: ReportCostResult;
  bundles: BundleResult[];
  render: RenderResult;
  scale: ScaleResult;
}

export type Target = { atLeast: number } | { atMost: number } | { between: [number, number] } | { equals: number };

/** One benchmark line: a ratio of two things measured in the same run, and its target if it has one. */
export interface Line {
  benchmark: number;
  what: string;
  ratio: number;
  digits: number;
  target?: Target;
  /** the two measured things the ratio divides */
  of: string;
}

export function targetText(target: Target | undefined): string {
  if (!target) return "(none)";
  if ("atLeast" in target) return `≥ ${target.atLeast}`;
  if ("atMost" in target) return `≤ ${target.atMost}`;
  if ("between" in target) return `${target.between[0]}–${target.between[1]}`;
  return `= ${target.equals}`;
}

/** ✔ or ✘ against the target, "—" without one. */
export function verdict(ratio: number, target: Target | undefined): string {
  if (!target) return "—";
  let met: boolean;
  if ("atLeast" in target) met = ratio >= target.atLeast;
  else if ("atMost" in target) met = ratio <= target.atMost;
  else if ("between" in target) met = ratio >= target.between[0] && ratio <= target.between[1];
  else met = ratio === target.equals;
  return met ? "✔" : "✘";
}

const BUNDLE_TARGET: Target = { atMost: 1.3 };

export function senderLines({ senderThroughput: t, rateCap: cap, clockAlone }: BenchResults): Line[] {
  return [
    {
      benchmark: 1,
      what: `Sender throughput over ${whole(t.subscribers)} due, cap lifted, ${t.concurrency} at a time: sender / bare loop of the same calls`,
      ratio: t.ratio,
      digits: 2,
      target: { atLeast: 0.8 },
      of: `${whole(t.senderPerSecond)} / ${whole(t.bareLoopPerSecond)} emails/s (bare loop ${t.bareLoopHalves.map(whole).join(" before, ")} after the pass)`,
    },
    {
      benchmark: 1,
      what: "Sender / bare `SendRawEmail` alone",
      ratio: t.senderPerSecond / t.bareSesPerSecond,
      digits: 2,
      of: `${whole(t.senderPerSecond)} / ${whole(t.bareSesPerSecond)} emails/s`,
    },
    {
      benchmark: 2,
      what: `Rate cap at ${cap.target}/s for ${cap.seconds} s: achieved / cap, first to last send`,
      ratio: cap.ratio,
      digits: 3,
      target: { between: [0.95, 1.0] },
      of: `${fixed(cap.achieved)} / ${cap.target} per s (${whole(cap.sent)} sent)`,
    },
    {
      benchmark: 2,
      what: "Rate cap over the whole pass (quota and index reads included)",
      ratio: cap.wholePassRatio,
      digits: 3,
      of: `${whole(cap.sent)} sent in ${fixed(cap.elapsedSeconds)} s / ${cap.target} per s`,
    },
    ...clockAlone.flatMap((c) => [
      {
        benchmark: 2,
        what: `Send clock alone (no I/O, 8 workers of 16 sends) at ${c.rate}/s: achieved / rate`,
        ratio: c.ratio,
        digits: 3,
        of: `${fixed(c.ratio * c.rate, 1)} / ${c.rate} per s`,
      },
      {
        benchmark: 2,
        what: `Send clock alone at ${c.rate}/s: busiest second / rate`,
        ratio: c.maxWindow,
        digits: 3,
        target: { atMost: 1 },
        of: `${whole(c.maxWindow * c.rate)} / ${c.rate} sends`,
      },
    ]),
  ];
}

export function growthLines({ costGrowth: g }: BenchResults): Line[] {
  const among = `${g.large.due} due among ${whole(g.large.subscribers)} / among ${whole(g.small.subscribers)}`;
  return [
    {
      benchmark: 3,
      what: `Cost growth, items read: ${among}`,
      ratio: g.large.itemsRead / g.small.itemsRead,
      digits: 2,
      target: { equals: 1 },
      of: `${whole(g.large.itemsRead)} / ${whole(g.small.itemsRead)} items`,
    },
    {
      benchmark: 3,
      what: `Cost growth, pass time: ${among} (median of 3)`,
      ratio: g.timeRatio,
      digits: 2,
      target: { atMost: 1.5 },
      of: `${whole(g.large.ms)} / ${whole(g.small.ms)} ms`,
    },
  ];
}

export function signupLines({ signup: s, signupTiming: timing }: BenchResults): Line[] {
  return [
    {
      benchmark: 4,
      what: `Signup at ${s.connections} connections, throughput: the same calls issued directly / whole handler`,
      ratio: s.throughputOverhead,
      digits: 2,
      of: `${whole(s.direct.perSecond)} / ${whole(s.handler.perSecond)} per s`,
    },
    {
      benchmark: 4,
      what: "Signup p99 latency: whole handler / the same calls issued directly",
      ratio: s.p99Overhead,
      digits: 2,
      of: `${fixed(s.handler.p99, 1)} / ${fixed(s.direct.p99, 1)} ms (handler p50 ${fixed(s.handler.p50, 1)} ms)`,
    },
    {
      benchmark: 8,
      what: `Signup timing by address state (${timing.perState} each, interleaved): slowest median / fastest`,
      ratio: timing.ratio,
      digits: 2,
      target: { atMost: 1.2 },
      of: `${timing.slowest} ${fixed(timing.medians[timing.slowest], 1)} / ${timing.fastest} ${fixed(timing.medians[timing.fastest], 1)} ms`,
    },
  ];
}

export function bundleLines({ bundles }: BenchResults): Line[] {
  return bundles.flatMap((b) => [
    {
      benchmark: 5,
      what: `Bundle \`${b.entry}\`, size / its libraries alone`,
      ratio: b.sizeRatio,
      digits: 2,
      target: BUNDLE_TARGET,
      of: `${whole(b.kb)} / ${whole(b.baselineKb)} KB`,
    },
    {
      benchmark: 5,
      what: `Bundle \`${b.entry}\`, cold import / its libraries alone (median of 9)`,
      ratio: b.importRatio,
      digits: 2,
      target: BUNDLE_TARGET,
      of: `${whole(b.importMs)} / ${whole(b.baselineImportMs)} ms`,
    },
  ]);
}

/** The sender's wall time per email in benchmark 1, in µs: what 6 compares the render with. */
export const senderMicrosPerEmail = (results: BenchResults) => 1e6 / results.senderThroughput.senderPerSecond;

export function renderLines(results: BenchResults): Line[] {
  const { render: r } = results;
  const perEmail = senderMicrosPerEmail(results);
  return [
    {
      benchmark: 6,
      what: `Template render (full ${r.weeks}-week programs, ${whole(r.emails)} emails) / the sender's time per email in 1`,
      ratio: r.renderMicros / perEmail,
      digits: 3,
      of: `${whole(r.renderMicros)} / ${whole(perEmail)} µs`,
    },
    {
      benchmark: 6,
      what: "Render + MIME build / the sender's time per email in 1",
      ratio: (r.renderMicros + r.mimeMicros) / perEmail,
      digits: 3,
      of: `${whole(r.renderMicros + r.mimeMicros)} / ${whole(perEmail)} µs`,
    },
    {
      benchmark: 6,
      what: "MIME build / template render",
      ratio: r.mimeMicros / r.renderMicros,
      digits: 2,
      of: `${whole(r.mimeMicros)} / ${whole(r.renderMicros)} µs`,
    },
  ];
}

export function reportLines({ report: r }: BenchResults): Line[] {
  return [
    {
      benchmark: 7,
      what: `Report over ${whole(r.subscribers)} subscribers: items read / subscribers`,
      ratio: r.itemsReadPerSubscriber,
      digits: 3,
      target: { equals: 1 },
      of: `${whole(r.itemsReadPerSubscriber * r.subscribers)} / ${whole(r.subscribers)}`,
    },
    {
      benchmark: 7,
      what: "Report, time: the whole report / a bare paginated scan with the same projection (median of 3)",
      ratio: r.timeRatio,
      digits: 2,
      target: { atMost: 1.5 },
      of: `${whole(r.reportMs)} / ${whole(r.bareScanMs)} ms`,
    },
    {
      benchmark: 7,
      what: `Stats over ${whole(r.subscribers)} subscribers, time: ${r.stats.segments} parallel scan segments / one segment (median of 3)`,
      ratio: r.stats.ratio,
      digits: 2,
      target: { atMost: 1 },
      of: `${whole(r.stats.parallelMs)} / ${whole(r.stats.oneSegmentMs)} ms`,
    },
  ];
}

export function scaleLines({ scale }: BenchResults): Line[] {
  const o = scale.options;
  const setting = `${whole(o.due)} due among ${whole(o.subscribers)}, ${o.workers} workers, cap ${o.cap}/s`;
  return [
    {
      benchmark: 9,
      what: `Scale, ${setting}: achieved rate / cap, first to last send`,
      ratio: scale.achievedOverCap,
      digits: 3,
      target: { atLeast: 0.95 },
      of: `${fixed(scale.achievedOverCap * o.cap, 1)} / ${o.cap} per s (${whole(scale.sent)} in ${fixed(scale.sendingSeconds, 1)} s)`,
    },
    {
      benchmark: 9,
      what: "Scale: busiest one-second window / cap",
      ratio: scale.maxWindowOverCap,
      digits: 3,
      target: { atMost: 1 },
      of: `${whole(scale.maxWindowOverCap * o.cap)} / ${o.cap} sends`,
    },
    {
      benchmark: 9,
      what: `Scale: a worker's peak heap / ${o.heapLimitMb} MB`,
      ratio: scale.peakHeapMB / o.heapLimitMb,
      digits: 3,
      target: { atMost: 1 },
      of: `${fixed(scale.peakHeapMB, 1)} / ${o.heapLimitMb} MB`,
    },
    {
      benchmark: 9,
      what: "Scale: subscribers sent twice or never / due",
      ratio: (scale.duplicates + scale.losses) / o.due,
      digits: 3,
      target: { equals: 0 },
      of: `${scale.duplicates} duplicates + ${scale.losses} losses / ${whole(o.due)}`,
    },
  ];
}

/** Every benchmark line of a full run, in benchmark order. */
export function headlineLines(results: BenchResults): Line[] {
  return [
    ...senderLines(results),
    ...growthLines(results),
    ...signupLines(results),
    ...bundleLines(results),
    ...renderLines(results),
    ...reportLines(results),
    ...scaleLines(results),
  ].sort((a, b) => a.benchmark - b.benchmark);
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function headlineRow(line: Line): string[] {
  return [String(line.benchmark), line.what, `**${fixed(line.ratio, line.digits)}**`, targetText(line.target), verdict(line.ratio, line.target), line.of];
}

export function headlineTable(results: BenchResults): string {
  return markdownTable(["#", "Ratio of", "Measured", "Target", "Met", "Figures"], headlineLines(results).map(headlineRow));
}

const minutes = (seconds: number) => `${Math.floor(seconds / 60)} min ${seconds % 60} s`;

/** When, where and how loaded the run was. */
export function runText(r: BenchResults): string {
  const at = r.date.replace(/T(\d\d:\d\d).*/, " at $1 UTC");
  const commit = r.commit ? ` at commit \`${r.commit}\`` : "";
  const took = r.seconds !== undefined ? ` (${minutes(r.seconds)})` : "";
  const during = r.loadDuring ? `, ${r.loadDuring.min}–${r.loadDuring.max} during it (${r.loadDuring.samples} samples)` : "";
  return [
    `Run on ${at} with \`npm run bench\`${took}${commit}: Node ${r.node}, ${r.cpu}.`,
    `1-minute load average ${r.loadBefore[0]} before the run${during}, ${r.loadAfter[0]} after it`,
    `(before: ${r.loadBefore.join(" / ")}; after: ${r.loadAfter.join(" / ")}, 1 / 5 / 15 minutes).`,
    `Seeding took ${whole(r.costGrowth.seedSeconds)} s for 3 and ${whole(r.report.seedSeconds)} s for 7; the report's HTML was ${whole(r.report.htmlKb)} KB.`,
  ].join("\n");
}

export function cpuTable({ senderThroughput: { cpu }, rateCap, signup }: BenchResults): string {
  const row = (what: string, here: number, services: number) => [what, fixed(here), fixed(services)];
  return markdownTable(
    ["CPU per email or signup (ms)", "measuring process (the app's, for the handler)", "services process (dynalite + local SES)"],
    [
      row("1. sender", cpu.sender.here, cpu.sender.services),
      row("1. bare loop", cpu.bareLoop.here, cpu.bareLoop.services),
      row("1. bare `SendRawEmail`", cpu.bareSes.here, cpu.bareSes.services),
      [`2. sender at the cap (${rateCap.target}/s)`, fixed(rateCap.cpuPerEmail), "–"],
      row("4. signup handler", signup.handler.cpu!.work, signup.handler.cpu!.services),
      row("4. the same calls issued directly", signup.direct.cpu!.work, signup.direct.cpu!.services),
    ],
  );
}

export function bundleTable({ bundles }: BenchResults): string {
  return markdownTable(
    ["Function", "Libraries in its baseline", "Largest parts of the bundle"],
    bundles.map((b) => [`\`${b.entry}\``, b.libraries.join(", "), b.largest.map((p) => `${p.name} ${whole(p.kb)} KB`).join(", ")]),
  );
}

export function timingTable({ signupTiming: t }: BenchResults): string {
  const states = Object.keys(t.medians) as (keyof TimingResult["medians"])[];
  return markdownTable(
    ["Address state", ...states],
    [["median (ms)", ...states.map((state) => fixed(t.medians[state], 1))]],
  );
}

/** Seconds of sending per deployed pass: a 14-minute timeout, claiming stops 20 s before the end. */
export const SENDING_SECONDS_PER_PASS = 820;
/** Lambda's share of a vCPU at SST's default 1,024 MB (a full vCPU at 1,769 MB). */
export const DEFAULT_MEMORY_VCPU = 1024 / 1769;

const AWS_RATES = [
  { rate: 14, label: " (a new production account)" },
  { rate: 50, label: "" },
  { rate: 500, label: "" },
];
/** The event source mapping's least maximum concurrency. */
const MIN_WORKERS = 2;

/** Emails per second one shard worker's CPU allows at SST's default 1,024 MB, at `ms` of CPU per email. */
const perWorkerRate = (ms: number) => (1000 / ms) * DEFAULT_MEMORY_VCPU;
/** The shard workers `rate` emails/s need when each sends `perWorker`: never fewer than the mapping's least. */
const workersFor = (rate: number, perWorker: number) => Math.max(MIN_WORKERS, Math.ceil(rate / perWorker));

export function awsTable({ senderThroughput: { cpu } }: BenchResults): string {
  const ms = cpu.sender.here;
  const perWorker = perWorkerRate(ms);
  const rates = markdownTable(
    [
      "SES max send rate",
      `emails per pass (${SENDING_SECONDS_PER_PASS} s)`,
      `vCPU the workers need at ${fixed(ms, 1)} ms/email (measured in 1)`,
      `shard workers at SST's default 1,024 MB (${whole(perWorker)} emails/s each)`,
    ],
    AWS_RATES.map(({ rate, label }) => [
      `${rate}/s${label}`,
      whole(rate * SENDING_SECONDS_PER_PASS),
      fixed((rate * ms) / 1000, 2),
      String(workersFor(rate, perWorker)),
    ]),
  );
  const oneWorker = markdownTable(
    ["One shard worker", "emails/s its CPU allows"],
    [
      ["a full vCPU (1,769 MB or more)", whole(1000 / ms)],
      [`SST's default 1,024 MB (${fixed(DEFAULT_MEMORY_VCPU)} vCPU)`, whole(perWorker)],
    ],
  );
  return `${rates}\n\n${oneWorker}`;
}

/** A clinic network of a million subscribers: about a seventh due each day. */
export const DUE_A_DAY = 143_000;
/** The default share of the SES quota the program may use (the rest is for signup emails). */
const QUOTA_SHARE = 0.8;
const PACED = 0.97;

/** What 143,000 due a day need, on paper, from this run's CPU per email and scale simulation. */
export function dayTable({ senderThroughput: { cpu }, scale }: BenchResults): string {
  const ms = cpu.sender.here;
  const perWorker = perWorkerRate(ms);
  const row = (rate: number) => {
    const seconds = DUE_A_DAY / (rate * PACED);
    return [
      `${rate}/s`,
      `${whole(seconds / 60)} min`,
      whole(Math.ceil(seconds / SENDING_SECONDS_PER_PASS)),
      String(workersFor(rate, perWorker)),
    ];
  };
  const sending = markdownTable(
    [`${whole(DUE_A_DAY)} due at once, SES rate`, "sending time (paced at 0.97 of the rate)", "passes", "shard workers (maxSendWorkers) at 1,024 MB"],
    [row(500), row(50), row(14)],
  );
  const quota = Math.ceil(DUE_A_DAY / QUOTA_SHARE);
  const writes = 2 + scale.bookingsPerEmail + 1 / 50;
  const needs = markdownTable(
    ["What else a day of 143,000 needs", "how much"],
    [
      ["SES 24-hour quota (the program's share is 0.8 of it)", `at least ${whole(quota)}`],
      [`DynamoDB writes per email (claim, commit, ${fixed(scale.bookingsPerEmail, 3)} send-clock bookings in 9, a budget take per page of 50)`, fixed(writes, 2)],
      ["DynamoDB writes a day", whole(DUE_A_DAY * writes)],
      [`a shard worker's heap (peak in 9)`, `${fixed(scale.peakHeapMB, 0)} MB`],
    ],
  );
  return `${sending}\n\n${needs}`;
}

/** The scale simulation's sends, second by second. */
export function scaleTable({ scale }: BenchResults): string {
  const seconds = scale.perSecond.slice(0, -1); // the last second is partial
  const sorted = [...seconds].sort((a, b) => a - b);
  return markdownTable(
    ["Scale simulation (9)", "fewest", "median", "most", "cap"],
    [["sends in a whole second", whole(sorted[0] ?? 0), whole(sorted[Math.floor(sorted.length / 2)] ?? 0), whole(sorted.at(-1) ?? 0), whole(scale.options.cap)]],
  );
}

/** The generated blocks of BENCHMARKS.md, by marker name. */
export const TABLE_NAMES = ["run", "headline", "cpu", "bundles", "timing", "aws", "day", "scale"] as const;

/** Every generated block of BENCHMARKS.md, by marker name. */
export function renderTables(results: BenchResults): Record<(typeof TABLE_NAMES)[number], string> {
  return {
    run: runText(results),
    headline: headlineTable(results),
    cpu: cpuTable(results),
    bundles: bundleTable(results),
    timing: timingTable(results),
    aws: awsTable(results),
    day: dayTable(results),
    scale: scaleTable(results),
  };
}

const open = (name: string) => `<!-- bench:${name} -->`;
const close = (name: string) => `<!-- /bench:${name} -->`;

function indexOfOnly(doc: string, marker: string): number {
  const at = doc.indexOf(marker);
  if (at < 0) throw new Error(`BENCHMARKS.md has no ${marker} marker`);
  if (doc.indexOf(marker, at + marker.length) >= 0) throw new Error(`BENCHMARKS.md has ${marker} more than once`);
  return at;
}

/**
 * `doc` with what lies between the `name` markers replaced by `content` (blank lines either side,
 * so Markdown never reads a marker as part of a table); every other byte kept.
 */
export function replaceBetween(doc: string, name: string, content: string): string {
  const start = indexOfOnly(doc, open(name)) + open(name).length;
  const end = indexOfOnly(doc, close(name));
  if (end < start) throw new Error(`BENCHMARKS.md has ${close(name)} before ${open(name)}`);
  return `${doc.slice(0, start)}\n\n${content}\n\n${doc.slice(end)}`;
}

/** The names of the `<!-- bench:NAME -->` markers in `doc`. */
export function markerNames(doc: string): string[] {
  return [...doc.matchAll(/<!-- bench:([\w-]+) -->/g)].map((match) => match[1]!);
}

/** `doc` with every block replaced; fails if a block has no markers or a marker has no block. */
export function replaceAllBetween(doc: string, blocks: Record<string, string>): string {
  const unknown = markerNames(doc).filter((name) => !(name in blocks));
  if (unknown.length) throw new Error(`BENCHMARKS.md has markers no table is rendered for: ${unknown.join(", ")}`);
  return Object.entries(blocks).reduce((text, [name, content]) => replaceBetween(text, name, content), doc);
}

/** Fails now, before a long run, if the file at `path` lacks a marker the run will write between. */
export function checkMarkers(path: string): void {
  replaceAllBetween(readFileSync(path, "utf8"), Object.fromEntries(TABLE_NAMES.map((name) => [name, ""])));
}

/** Rewrites the tables of the file at `path` from `results`. */
export function writeTables(path: string, results: BenchResults): void {
  const doc = readFileSync(path, "utf8");
  writeFileSync(path, replaceAllBetween(doc, renderTables(results)));
}
