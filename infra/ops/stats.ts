import { parseArgs } from "node:util";
import { statsOf, subscriberPages, type Share, type Stats } from "./stats/figures";
import { responders, type Timepoint } from "./stats/outcomes";
import type { Proportion } from "./stats/statistics";
import { withProgress } from "./scan-progress";
import { scanOptions, statsOptions } from "./stats-options";
import { commandTarget } from "./target";

/**
 * `npm run stats`: the operator's numbers, read page by page from the subscribers table.
 * Against the local stack by default; against AWS when SST's resources are already in the
 * environment (`sst shell --stage production -- npm run stats`). `--json` prints JSON only:
 * every figure `npm run report` draws, from the same computation.
 */
const { values } = parseArgs({ options: { json: { type: "boolean" }, ...statsOptions } });
const { filter, pageSize } = scanOptions(values);

const target = commandTarget();

const percent = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)}%`);
const number = (value: number | null) => (value === null ? "–" : value.toFixed(1));
const row = (cells: (string | number)[], widths: number[]) =>
  cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]!) : String(cell).padStart(widths[i]!))).join("  ");

/** "7/20 35.0% [18.1–56.7]" */
const proportion = (p: Proportion) =>
  p.rate === null ? `0/0 –` : `${p.count}/${p.n} ${percent(p.rate)} [${((p.low ?? 0) * 100).toFixed(1)}–${((p.high ?? 0) * 100).toFixed(1)}]`;

function outcomeRows(label: string, t: Timepoint): string[] {
  const widths = [16, 28, 28];
  return [
    `${label} (${t.eligible} whose program is over; ${t.answered} gave their pain)`,
    row(["", "intention to treat", "completers"], widths),
    ...responders.map((r) => row([`  ${r}`, proportion(t.itt[r]), proportion(t.completers[r])], widths)),
  ];
}

function table(stats: Stats, tableName: string): string {
  const leaving = (label: string, { count, rate }: Share) => row([label, count, `${percent(rate)} of confirmed`], [20, 6, 20]);
  const widths = [6, 6, 10, 10, 11];
  return [
    `unknot stats for ${tableName}`,
    "",
    "Subscribers by status",
    ...Object.entries(stats.byStatus).map(([status, count]) => row([`  ${status}`, count], [20, 6])),
    row(["  total", stats.subscribers], [20, 6]),
    row(["Suppression only", stats.suppressionOnly], [20, 6]) + "  (bounced or complained; only the one-way id kept)",
    "",
    row(["Confirmed", stats.confirmed.count, `${percent(stats.confirmed.rate)} of signed up`], [20, 6, 20]),
    row(["Completed", stats.completed.count, `${percent(stats.completed.rate)} of confirmed`], [20, 6, 20]) +
      `  (got the last email of their program, whatever they did after; ${stats.completedOnHold} a shorter one)`,
    row(["Still in the program", stats.inProgram], [20, 6]),
    leaving("Unsubscribed", stats.unsubscribed),
    leaving("Bounced", stats.bounced),
    leaving("Complained", stats.complained),
    `Before confirming: ${stats.beforeConfirming.bounced} bounced, ${stats.beforeConfirming.complained} complained (not in the rates above)`,
    "",
    row(["Week", "Sent", "Check-ins", "Response", "Mean score"], widths),
    ...stats.weeks.map((w) => row([w.week, w.sent, w.checkins, percent(w.responseRate), number(w.meanScore)], widths)),
    ...(stats.weeks.length ? [] : ["(no program emails sent yet)"]),
    "",
    "Response = check-ins for the week / subscribers sent that week. Scores: 0 = no pain, 10 = worst imaginable.",
    "",
    "Safety net at check-ins (check-ins / subscribers)",
    ...Object.entries(stats.safetyEvents).map(([kind, { checkins, subscribers }]) => row([`  ${kind}`, checkins, subscribers], [20, 6, 6])),
    "",
    ...outcomeRows("After the program", stats.outcomes.end),
    "",
    ...outcomeRows(`At the follow-up (${stats.outcomes.followUp.askedFor} asked, ${stats.outcomes.followUp.sent} sent, ${stats.outcomes.followUp.pending} to come)`, stats.outcomes.followUp),
    "",
    "Shares are count/n, % [95 % Wilson interval]. pain30/pain50: at least 30 %/50 % less pain than at signup; lowPain: 0 or 1 of 10;",
    "muchBetter/better: how they are overall. Every figure, and the mean changes, in --json.",
  ].join("\n");
}

try {
  const stats = await statsOf(withProgress(subscriberPages(target.storage().store, pageSize)), filter);
  console.log(values.json ? JSON.stringify(stats, null, 2) : table(stats, target.table()));
} catch (error) {
  console.error(`stats failed: ${(error as Error).message}.${target.hint}`);
  process.exit(1);
}
