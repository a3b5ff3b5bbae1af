import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setLogSink } from "../../functions/domain/log";
import { localEnvironment } from "../../infra/dev/env";
import { bundleSizes } from "./bundles";
import { fixed, startRig, whole } from "./harness";
import { renderCost } from "./render";
import { scaleInProcess, type ScaleResult } from "./scale";
import { reportCost } from "./report";
import { clockAlone, costGrowth, rateCap, senderThroughput } from "./sender";
import { signupLoad } from "./signup";
import { signupTiming } from "./signup-timing";
import { checkMarkers, writeTables, type BenchResults } from "./tables";

/**
 * `npm run bench`: unknot's benchmarks. Each line compares two things measured in this run,
 * on this machine, so the ratios hold even where the absolute numbers don't travel.
 * Not part of `npm test`. Figures and their reading: BENCHMARKS.md, whose tables a full run
 * rewrites (between its `<!-- bench:… -->` markers) from this run's results.
 *   `npm run bench -- report`          only the report's benchmark (7); leaves BENCHMARKS.md alone
 *   `npm run bench -- scale`           only the scale simulation (9); leaves BENCHMARKS.md alone, and
 *                                      ends with one line of JSON: the figures its targets are on
 *   `npm run bench -- --no-write`      measure everything, but leave BENCHMARKS.md alone
 *   `npm run bench -- --from-results`  measure nothing: rewrite BENCHMARKS.md's tables from the
 *                                      last full run's .test-output/bench/results.json
 */
const USAGE = "Usage: npm run bench [-- report | scale | --no-write | --from-results]";
const args = process.argv.slice(2);
const only = args.filter((arg) => arg === "report" || arg === "scale");
const noWrite = args.includes("--no-write");
const fromResults = args.includes("--from-results");
if (args.some((arg) => !["report", "scale", "--no-write", "--from-results"].includes(arg)) || (fromResults && args.length > 1)) {
  console.error(USAGE);
  process.exit(2);
}
const print = console.log.bind(console);
const out = join(process.cwd(), ".test-output", "bench");
const benchmarksFile = join(process.cwd(), "BENCHMARKS.md");

if (fromResults) {
  const saved = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as BenchResults;
  writeTables(benchmarksFile, saved);
  print(`BENCHMARKS.md: tables rewritten from the run of ${saved.date}`);
  process.exit(0);
}
if (only.length === 0 && !noWrite) checkMarkers(benchmarksFile);
setLogSink(() => {}); // the app's structured log lines (one per request or pass) would bury the figures

mkdirSync(out, { recursive: true });
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  node: process.version,
  cpu: `${cpus().length} × ${cpus()[0]?.model.trim()}`,
  loadBefore: loadavg().map((l) => fixed(l)),
};
print(`unknot benchmarks, ${results.date}, Node ${process.version}, ${results.cpu}, load ${results.loadBefore}`);
// the 1-minute load average every 15 s, so the run records how busy the machine was throughout
const loadSamples: number[] = [loadavg()[0]!];
const sampler = setInterval(() => loadSamples.push(loadavg()[0]!), 15_000);
sampler.unref();

// first, on a machine the other benchmarks' services don't load yet
if (only.length === 0 || only.includes("scale")) {
  const scale = await scaleInProcess();
  results.scale = scale;
  const o = scale.options;
  print(
    `9. scale: ${whole(scale.sent)} emails to ${whole(o.due)} due among ${whole(o.subscribers)} subscribers, ${o.workers} workers of ${o.concurrency} sends, ${o.dbLatencyMs} ms a table call, ${o.sesLatencyMs.join("–")} ms a send: ${fixed((scale.achievedOverCap * o.cap))}/s from the first send to the last (${fixed(scale.sendingSeconds, 1)} s) → achieved/cap ${fixed(scale.achievedOverCap, 3)} (target ≥ 0.95); busiest second ${fixed(scale.maxWindowOverCap, 3)} of the cap (target ≤ 1); peak heap of a worker ${fixed(scale.peakHeapMB, 1)} MB (target ≤ ${o.heapLimitMb}); ${scale.duplicates} duplicates, ${scale.losses} losses; ${fixed(scale.bookingsPerEmail, 3)} send-clock bookings per email, ${whole(scale.givenUp)} send times given up; the process used ${fixed(scale.coresBusy)} cores while sending; seeding took ${whole(scale.seedSeconds)} s`,
  );
}

const rig = only.length && !only.includes("report") ? undefined : await startRig();
if (rig) {
  Object.assign(
    process.env,
    localEnvironment({ port: rig.appPort, dynamoPort: 0, sesPort: 0, dataDir: rig.dataDir, dynamoEndpoint: rig.dynamo, sesEndpoint: rig.ses, sqsEndpoint: rig.sqs }),
  );
  try {
    if (only.length === 0) {
      const throughput = await senderThroughput(rig);
      results.senderThroughput = throughput;
      print(
        `1. sender throughput: ${whole(throughput.senderPerSecond)} emails/s over ${whole(throughput.subscribers)} due; bare loop (same queries, claim, ${whole(throughput.rawMimeBytes)}-byte SendRawEmail, commit; ${throughput.concurrency} at a time; halves before/after the pass ${throughput.bareLoopHalves.map((r) => whole(r)).join("/")}) ${whole(throughput.bareLoopPerSecond)} emails/s → ratio ${fixed(throughput.ratio)} (target ≥ 0.8); bare SendRawEmail alone ${whole(throughput.bareSesPerSecond)} emails/s (sender at ${fixed(throughput.senderPerSecond / throughput.bareSesPerSecond)} of it)`,
      );
      const cpu = throughput.cpu;
      print(
        `   CPU per email (ms), this process / services process: sender ${fixed(cpu.sender.here)} / ${fixed(cpu.sender.services)}, bare loop ${fixed(cpu.bareLoop.here)} / ${fixed(cpu.bareLoop.services)}, bare SendRawEmail ${fixed(cpu.bareSes.here)} / ${fixed(cpu.bareSes.services)}`,
      );

      const cap = await rateCap(rig);
      results.rateCap = cap;
      print(
        `2. rate cap: ${cap.target}/s for ${cap.seconds} s → ${whole(cap.sent)} sent, ${fixed(cap.achieved)}/s from first to last send → achieved/target ${fixed(cap.ratio, 3)} (target 0.95–1.0); over the whole pass (${fixed(cap.elapsedSeconds)} s, quota and index reads included) ${fixed(cap.wholePassRatio, 3)}; this process's CPU per email ${fixed(cap.cpuPerEmail)} ms`,
      );

      const clock = await clockAlone();
      results.clockAlone = clock;
      print(
        `   the send clock alone (no I/O, 8 workers of 16 sends): ${clock.map((c) => `${c.rate}/s → ${fixed(c.ratio, 3)} (busiest second ${fixed(c.maxWindow, 3)})`).join(", ")}`,
      );

      const signup = await signupLoad(rig);
      results.signup = signup;
      print(
        `4. signup at ${signup.connections} connections: whole handler ${whole(signup.handler.perSecond)} req/s, p50 ${fixed(signup.handler.p50, 1)} ms, p99 ${fixed(signup.handler.p99, 1)} ms; same DynamoDB calls (get, four counters, put) and SES send issued directly ${whole(signup.direct.perSecond)} ops/s, p99 ${fixed(signup.direct.p99, 1)} ms → overhead ${fixed(signup.throughputOverhead)}× in throughput, ${fixed(signup.p99Overhead)}× at p99`,
      );
      print(
        `   CPU per signup (ms), app or caller / services process: handler ${fixed(signup.handler.cpu!.work)} / ${fixed(signup.handler.cpu!.services)}, direct ${fixed(signup.direct.cpu!.work)} / ${fixed(signup.direct.cpu!.services)}`,
      );

      const timing = await signupTiming(rig);
      results.signupTiming = timing;
      print(
        `8. signup timing by address state (${timing.perState} requests each, interleaved): medians ${Object.entries(timing.medians)
          .map(([state, ms]) => `${state} ${fixed(ms, 1)} ms`)
          .join(", ")} → slowest (${timing.slowest}) / fastest (${timing.fastest}) ${fixed(timing.ratio)} (target ≤ 1.2)`,
      );

      const growth = await costGrowth(rig);
      results.costGrowth = growth;
      print(
        `3. cost growth: ${growth.large.due} due among ${whole(growth.large.subscribers)} vs among ${whole(growth.small.subscribers)} → items read ${whole(growth.large.itemsRead)} vs ${whole(growth.small.itemsRead)} (${growth.large.itemsRead === growth.small.itemsRead ? "equal" : "NOT equal"}), pass ${fixed(growth.large.ms, 0)} ms vs ${fixed(growth.small.ms, 0)} ms → time ratio ${fixed(growth.timeRatio)} (target ≤ 1.5); seeding took ${fixed(growth.seedSeconds, 0)} s`,
      );
    }

    const report = await reportCost(rig);
    results.report = report;
    print(
      `7. report at ${whole(report.subscribers)} subscribers: ${fixed(report.itemsReadPerSubscriber, 3)} items read per subscriber (target 1); whole report ${fixed(report.reportMs, 0)} ms vs bare paginated scan with the same projection ${fixed(report.bareScanMs, 0)} ms → time ratio ${fixed(report.timeRatio)} (target ≤ 1.5); ${fixed(report.htmlKb, 0)} KB of HTML; seeding took ${fixed(report.seedSeconds, 0)} s`,
    );
    print(
      `   stats over the same table in ${report.stats.segments} parallel scan segments ${fixed(report.stats.parallelMs, 0)} ms vs one segment ${fixed(report.stats.oneSegmentMs, 0)} ms → ${fixed(report.stats.ratio)} (target ≤ 1)`,
    );
  } finally {
    await rig.stop();
  }
}

if (only.length === 0) {
  const bundles = await bundleSizes(join(out, "bundles"));
  results.bundles = bundles;
  for (const b of bundles) {
    print(
      `5. bundle ${b.entry}: ${fixed(b.kb, 0)} KB vs ${fixed(b.baselineKb, 0)} KB for ${b.libraries.join(" + ")} alone → size ratio ${fixed(b.sizeRatio)}; cold import ${fixed(b.importMs, 0)} ms vs ${fixed(b.baselineImportMs, 0)} ms → ratio ${fixed(b.importRatio)} (targets ≤ 1.3); largest: ${b.largest.map((p) => `${p.name} ${fixed(p.kb, 0)} KB`).join(", ")}`,
    );
  }

  const render = await renderCost(rig!.tokenKey, "https://abc123.lambda-url.eu-west-1.on.aws");
  results.render = render;
  const perEmailMicros = 1e6 / (results.senderThroughput as { senderPerSecond: number }).senderPerSecond;
  print(
    `6. template render: ${fixed(render.renderMicros, 1)} µs per email over ${whole(render.emails)} (full ${render.weeks}-week programs); MIME build ${fixed(render.mimeMicros, 1)} µs → render is ${fixed((100 * render.renderMicros) / perEmailMicros, 1)}% and render + MIME ${fixed((100 * (render.renderMicros + render.mimeMicros)) / perEmailMicros, 1)}% of the sender's ${fixed(perEmailMicros, 0)} µs per email in 1.`,
  );
}

clearInterval(sampler);
loadSamples.push(loadavg()[0]!);
results.loadAfter = loadavg().map((l) => fixed(l));
results.loadDuring = { min: fixed(Math.min(...loadSamples)), max: fixed(Math.max(...loadSamples)), samples: loadSamples.length };
results.seconds = Math.round((Date.now() - Date.parse(results.date as string)) / 1000);
const file = only.length ? `results-${only.join("-")}.json` : "results.json"; // a partial run keeps the full run's figures
writeFileSync(join(out, file), `${JSON.stringify(results, null, 2)}\n`);
print(`(figures in ${join(".test-output", "bench", file)})`);
if (only.length === 1 && only[0] === "scale") {
  // the last line: the figures the scale simulation's targets are on
  const { achievedOverCap, maxWindowOverCap, peakHeapMB, duplicates, losses } = results.scale as ScaleResult;
  print(JSON.stringify({ achievedOverCap, maxWindowOverCap, peakHeapMB, duplicates, losses }));
}
if (only.length === 0 && !noWrite) {
  writeTables(benchmarksFile, results as unknown as BenchResults);
  print("BENCHMARKS.md: tables rewritten from this run");
}

/** The commit measured, short, with "+changes" if the work tree differs from it. */
function gitCommit(): string {
  const git = (...command: string[]) => execFileSync("git", command, { encoding: "utf8" }).trim();
  try {
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? "+changes" : ""}`;
  } catch {
    return "unknown";
  }
}
