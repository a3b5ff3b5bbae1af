import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  headlineLines,
  headlineRow,
  markdownTable,
  markerNames,
  renderTables,
  replaceAllBetween,
  replaceBetween,
  runText,
  TABLE_NAMES,
  verdict,
  type BenchResults,
} from "./bench/tables";

/** A full run's results, with round figures so the expected rows can be worked out by hand. */
const results: BenchResults = {
  date: "2026-12-02T01:30:00.000Z",
  commit: "abc1234",
  node: "v20.20.2",
  cpu: "2 × AMD EPYC",
  loadBefore: ["1.50", "1.20", "1.00"],
  loadAfter: ["3.00", "2.50", "2.00"],
  loadDuring: { min: "1.50", max: "4.25", samples: 40 },
  seconds: 605,
  senderThroughput: {
    subscribers: 10_000,
    concurrency: 8,
    senderPerSecond: 100,
    bareLoopPerSecond: 125,
    bareLoopHalves: [130, 120],
    bareSesPerSecond: 200,
    cpu: { sender: { here: 7, services: 9 }, bareLoop: { here: 5, services: 9 }, bareSes: { here: 2, services: 5.5 } },
    ratio: 0.8,
    rawMimeBytes: 27_000,
    shapesReplayed: true,
  },
  rateCap: { target: 50, seconds: 20, sent: 961, elapsedSeconds: 20.1, sendingSeconds: 20, achieved: 48, ratio: 0.96, wholePassRatio: 0.956, cpuPerEmail: 4.5 },
  clockAlone: [
    { rate: 14, ratio: 0.97, maxWindow: 1 },
    { rate: 500, ratio: 0.96, maxWindow: 1.002 },
  ],
  signup: {
    connections: 20,
    handler: { requests: 2000, perSecond: 50, p50: 300, p99: 600, cpu: { work: 9.5, services: 5 } },
    direct: { requests: 2000, perSecond: 100, p99: 200, p50: 100, cpu: { work: 4, services: 5 } },
    throughputOverhead: 2,
    p99Overhead: 3,
  },
  signupTiming: {
    perState: 250,
    medians: { new: 100, pending: 101, active: 110, completed: 102, unsubscribed: 103, bounced: 104, complained: 105 },
    slowest: "active",
    fastest: "new",
    ratio: 1.1,
  },
  costGrowth: {
    small: { subscribers: 1_000, due: 100, itemsRead: 300, ms: 1_000 },
    large: { subscribers: 100_000, due: 100, itemsRead: 300, ms: 1_600 },
    timeRatio: 1.6,
    seedSeconds: 47,
  },
  report: {
    subscribers: 100_000,
    itemsReadPerSubscriber: 1,
    reportMs: 36_000,
    bareScanMs: 40_000,
    timeRatio: 0.9,
    htmlKb: 54,
    seedSeconds: 153,
    stats: { segments: 4, oneSegmentMs: 20_000, parallelMs: 16_000, ratio: 0.8 },
  },
  bundles: [
    {
      entry: "functions/handlers/api.ts",
      libraries: ["hono", "@aws-sdk/client-dynamodb"],
      kb: 650,
      baselineKb: 500,
      sizeRatio: 1.3,
      importMs: 120,
      baselineImportMs: 80,
      importRatio: 1.5,
      largest: [{ name: "nodemailer", kb: 137 }],
    },
  ],
  render: { weeks: 9, emails: 9_000, renderMicros: 500, mimeMicros: 1_000 },
  scale: {
    options: { subscribers: 1_000_000, due: 30_000, cap: 500, workers: 8, concurrency: 32, dbLatencyMs: 8, sesLatencyMs: [40, 80], heapLimitMb: 256 },
    sent: 30_000,
    sendingSeconds: 62,
    achievedOverCap: 0.968,
    maxWindowOverCap: 0.99,
    peakHeapMB: 51.2,
    workerPeakHeapMB: [51.2, 50],
    duplicates: 0,
    losses: 0,
    seedSeconds: 150,
    planMs: 60,
    bookingsPerEmail: 0.15,
    givenUp: 500,
    coresBusy: 0.6,
    perSecond: [420, 485, 480, 470, 100],
  },
};

const rows = (r: BenchResults) => headlineLines(r).map(headlineRow);

describe("the headline table", () => {
  it("renders each ratio with what it divides, its target and whether it met it", () => {
    expect(rows(results)).toEqual([
      ["1", "Sender throughput over 10,000 due, cap lifted, 8 at a time: sender / bare loop of the same calls", "**0.80**", "≥ 0.8", "✔", "100 / 125 emails/s (bare loop 130 before, 120 after the pass)"],
      ["1", "Sender / bare `SendRawEmail` alone", "**0.50**", "(none)", "—", "100 / 200 emails/s"],
      ["2", "Rate cap at 50/s for 20 s: achieved / cap, first to last send", "**0.960**", "0.95–1", "✔", "48.00 / 50 per s (961 sent)"],
      ["2", "Rate cap over the whole pass (quota and index reads included)", "**0.956**", "(none)", "—", "961 sent in 20.10 s / 50 per s"],
      ["2", "Send clock alone (no I/O, 8 workers of 16 sends) at 14/s: achieved / rate", "**0.970**", "(none)", "—", "13.6 / 14 per s"],
      ["2", "Send clock alone at 14/s: busiest second / rate", "**1.000**", "≤ 1", "✔", "14 / 14 sends"],
      ["2", "Send clock alone (no I/O, 8 workers of 16 sends) at 500/s: achieved / rate", "**0.960**", "(none)", "—", "480.0 / 500 per s"],
      ["2", "Send clock alone at 500/s: busiest second / rate", "**1.002**", "≤ 1", "✘", "501 / 500 sends"],
      ["3", "Cost growth, items read: 100 due among 100,000 / among 1,000", "**1.00**", "= 1", "✔", "300 / 300 items"],
      ["3", "Cost growth, pass time: 100 due among 100,000 / among 1,000 (median of 3)", "**1.60**", "≤ 1.5", "✘", "1,600 / 1,000 ms"],
      ["4", "Signup at 20 connections, throughput: the same calls issued directly / whole handler", "**2.00**", "(none)", "—", "100 / 50 per s"],
      ["4", "Signup p99 latency: whole handler / the same calls issued directly", "**3.00**", "(none)", "—", "600.0 / 200.0 ms (handler p50 300.0 ms)"],
      ["5", "Bundle `functions/handlers/api.ts`, size / its libraries alone", "**1.30**", "≤ 1.3", "✔", "650 / 500 KB"],
      ["5", "Bundle `functions/handlers/api.ts`, cold import / its libraries alone (median of 9)", "**1.50**", "≤ 1.3", "✘", "120 / 80 ms"],
      ["6", "Template render (full 9-week programs, 9,000 emails) / the sender's time per email in 1", "**0.050**", "(none)", "—", "500 / 10,000 µs"],
      ["6", "Render + MIME build / the sender's time per email in 1", "**0.150**", "(none)", "—", "1,500 / 10,000 µs"],
      ["6", "MIME build / template render", "**2.00**", "(none)", "—", "1,000 / 500 µs"],
      ["7", "Report over 100,000 subscribers: items read / subscribers", "**1.000**", "= 1", "✔", "100,000 / 100,000"],
      ["7", "Report, time: the whole report / a bare paginated scan with the same projection (median of 3)", "**0.90**", "≤ 1.5", "✔", "36,000 / 40,000 ms"],
      ["7", "Stats over 100,000 subscribers, time: 4 parallel scan segments / one segment (median of 3)", "**0.80**", "≤ 1", "✔", "16,000 / 20,000 ms"],
      ["8", "Signup timing by address state (250 each, interleaved): slowest median / fastest", "**1.10**", "≤ 1.2", "✔", "active 110.0 / new 100.0 ms"],
      ["9", "Scale, 30,000 due among 1,000,000, 8 workers, cap 500/s: achieved rate / cap, first to last send", "**0.968**", "≥ 0.95", "✔", "484.0 / 500 per s (30,000 in 62.0 s)"],
      ["9", "Scale: busiest one-second window / cap", "**0.990**", "≤ 1", "✔", "495 / 500 sends"],
      ["9", "Scale: a worker's peak heap / 256 MB", "**0.200**", "≤ 1", "✔", "51.2 / 256 MB"],
      ["9", "Scale: subscribers sent twice or never / due", "**0.000**", "= 0", "✔", "0 duplicates + 0 losses / 30,000"],
    ]);
  });

  it("has a row for every bundle the run measured", () => {
    const twoBundles = { ...results, bundles: [results.bundles[0]!, { ...results.bundles[0]!, entry: "functions/sender.ts" }] };
    expect(rows(twoBundles).filter(([benchmark]) => benchmark === "5")).toHaveLength(4);
  });

  it("judges a target by the measured value, not the rounded one", () => {
    expect(verdict(1.3004, { atMost: 1.3 })).toBe("✘");
    expect(verdict(0.95, { between: [0.95, 1] })).toBe("✔");
    expect(verdict(1.001, { between: [0.95, 1] })).toBe("✘");
    expect(verdict(0.999, { equals: 1 })).toBe("✘");
    expect(verdict(2, undefined)).toBe("—");
  });

  it("is a Markdown table: a header, a rule, one line per row", () => {
    expect(markdownTable(["a", "b"], [["1", "2"]])).toBe("| a | b |\n| --- | --- |\n| 1 | 2 |");
  });
});

describe("the other tables", () => {
  it("scales the sender's measured CPU per email to AWS rates, in shard workers", () => {
    expect(renderTables(results).aws).toBe(
      [
        "| SES max send rate | emails per pass (820 s) | vCPU the workers need at 7.0 ms/email (measured in 1) | shard workers at SST's default 1,024 MB (83 emails/s each) |",
        "| --- | --- | --- | --- |",
        "| 14/s (a new production account) | 11,480 | 0.10 | 2 |",
        "| 50/s | 41,000 | 0.35 | 2 |",
        "| 500/s | 410,000 | 3.50 | 7 |",
        "",
        "| One shard worker | emails/s its CPU allows |",
        "| --- | --- |",
        "| a full vCPU (1,769 MB or more) | 143 |",
        "| SST's default 1,024 MB (0.58 vCPU) | 83 |",
      ].join("\n"),
    );
  });

  it("works out on paper what 143,000 due a day need", () => {
    expect(renderTables(results).day).toBe(
      [
        "| 143,000 due at once, SES rate | sending time (paced at 0.97 of the rate) | passes | shard workers (maxSendWorkers) at 1,024 MB |",
        "| --- | --- | --- | --- |",
        "| 500/s | 5 min | 1 | 7 |",
        "| 50/s | 49 min | 4 | 2 |",
        "| 14/s | 176 min | 13 | 2 |",
        "",
        "| What else a day of 143,000 needs | how much |",
        "| --- | --- |",
        "| SES 24-hour quota (the program's share is 0.8 of it) | at least 178,750 |",
        "| DynamoDB writes per email (claim, commit, 0.150 send-clock bookings in 9, a budget take per page of 50) | 2.17 |",
        "| DynamoDB writes a day | 310,310 |",
        "| a shard worker's heap (peak in 9) | 51 MB |",
      ].join("\n"),
    );
  });

  it("shows the scale simulation's whole seconds against the cap", () => {
    expect(renderTables(results).scale.split("\n").at(-1)).toBe("| sends in a whole second | 420 | 480 | 485 | 500 |");
  });

  it("gives each address state's median in benchmark 8", () => {
    expect(renderTables(results).timing.split("\n").at(-1)).toBe("| median (ms) | 100.0 | 101.0 | 110.0 | 102.0 | 103.0 | 104.0 | 105.0 |");
  });

  it("gives the CPU per email of each process", () => {
    expect(renderTables(results).cpu.split("\n")[2]).toBe("| 1. sender | 7.00 | 9.00 |");
    expect(renderTables(results).cpu.split("\n")[5]).toBe("| 2. sender at the cap (50/s) | 4.50 | – |");
  });
});

describe("the run's description", () => {
  it("gives the date, commit, Node, CPU, duration and the load before, during and after", () => {
    expect(runText(results)).toBe(
      [
        "Run on 2026-12-02 at 01:30 UTC with `npm run bench` (10 min 5 s) at commit `abc1234`: Node v20.20.2, 2 × AMD EPYC.",
        "1-minute load average 1.50 before the run, 1.50–4.25 during it (40 samples), 3.00 after it",
        "(before: 1.50 / 1.20 / 1.00; after: 3.00 / 2.50 / 2.00, 1 / 5 / 15 minutes).",
        "Seeding took 47 s for 3 and 153 s for 7; the report's HTML was 54 KB.",
      ].join("\n"),
    );
  });
});

describe("replacing between markers", () => {
  const before = "# Title\r\n\nHand-written ✔ prose, 568 KB.\n";
  const after = "\n\nMore prose <!-- not a bench marker -->\n  trailing spaces  \n";
  const doc = `${before}<!-- bench:headline -->\nold table\n<!-- /bench:headline -->${after}`;

  it("replaces only what lies between the markers and keeps every other byte", () => {
    const updated = replaceBetween(doc, "headline", "| new | table |");
    expect(updated).toBe(`${before}<!-- bench:headline -->\n\n| new | table |\n\n<!-- /bench:headline -->${after}`);
    expect(updated.startsWith(`${before}<!-- bench:headline -->`)).toBe(true);
    expect(updated.endsWith(`<!-- /bench:headline -->${after}`)).toBe(true);
  });

  it("gives the same file when run twice", () => {
    const once = replaceBetween(doc, "headline", "x");
    expect(replaceBetween(once, "headline", "x")).toBe(once);
  });

  it("fails loudly when a marker is missing, doubled or out of order", () => {
    expect(() => replaceBetween(doc, "cpu", "x")).toThrow("BENCHMARKS.md has no <!-- bench:cpu --> marker");
    expect(() => replaceBetween(doc.replace("<!-- /bench:headline -->", ""), "headline", "x")).toThrow(
      "BENCHMARKS.md has no <!-- /bench:headline --> marker",
    );
    expect(() => replaceBetween(`${doc}<!-- bench:headline -->`, "headline", "x")).toThrow("more than once");
    expect(() => replaceBetween("<!-- /bench:headline -->\n<!-- bench:headline -->", "headline", "x")).toThrow("before");
  });

  it("fails when the file has a marker no table is rendered for", () => {
    expect(() => replaceAllBetween(`${doc}<!-- bench:gone -->\n<!-- /bench:gone -->`, { headline: "x" })).toThrow(
      "markers no table is rendered for: gone",
    );
  });
});

describe("BENCHMARKS.md", () => {
  const file = readFileSync(join(import.meta.dirname, "..", "BENCHMARKS.md"), "utf8");

  it("has a pair of markers for exactly the tables the benchmark renders", () => {
    expect(Object.keys(renderTables(results))).toEqual([...TABLE_NAMES]);
    expect(markerNames(file).sort()).toEqual([...TABLE_NAMES].sort());
    expect(() => replaceAllBetween(file, renderTables(results))).not.toThrow();
  });
});
