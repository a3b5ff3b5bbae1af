import { parseArgs } from "node:util";
import { useDeployedOrLocal } from "./env";
import type { Share, Stats } from "../../functions/core/stats";

/**
 * `npm run stats`: the operator's numbers, read page by page from the subscribers table.
 * Against the local stack by default; against AWS when SST's resources are already in the
 * environment (`sst shell --stage production -- npm run stats`). `--json` prints JSON only.
 */
const { values } = parseArgs({ options: { json: { type: "boolean" }, "page-size": { type: "string" } } });
const pageSize = values["page-size"] === undefined ? undefined : Number(values["page-size"]);
if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0)) {
  console.error("--page-size must be a whole number above 0");
  process.exit(2);
}

const deployed = useDeployedOrLocal();
const { Resource } = await import("sst");
const { getContext } = await import("../../functions/core/context");
const { statsOf, subscriberPages } = await import("../../functions/core/stats");

/** Large tables take a while: say how far the scan got, on stderr so stdout stays clean. */
const PROGRESS_EVERY = 10;
async function* withProgress<T extends readonly unknown[]>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const tty = Boolean(process.stderr.isTTY);
  let count = 0;
  let items = 0;
  for await (const page of pages) {
    count++;
    items += page.length;
    if (tty && count > 1) process.stderr.write(`\rscanned ${items} subscribers (${count} pages)…`);
    if (!tty && count % PROGRESS_EVERY === 0) process.stderr.write(`scanned ${items} subscribers (${count} pages)…\n`);
    yield page;
  }
  if (tty && count > 1) process.stderr.write("\r\x1b[K");
}

const percent = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)}%`);
const number = (value: number | null) => (value === null ? "–" : value.toFixed(1));
const row = (cells: (string | number)[], widths: number[]) =>
  cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]!) : String(cell).padStart(widths[i]!))).join("  ");

function table(stats: Stats, tableName: string): string {
  const leaving = (label: string, { count, rate }: Share) => row([label, count, `${percent(rate)} of confirmed`], [20, 6, 20]);
  const widths = [6, 6, 10, 10, 11];
  return [
    `unknot stats for ${tableName}`,
    "",
    "Subscribers by status",
    ...Object.entries(stats.byStatus).map(([status, count]) => row([`  ${status}`, count], [20, 6])),
    row(["  total", stats.subscribers], [20, 6]),
    "",
    row(["Confirmed", stats.confirmed.count, `${percent(stats.confirmed.rate)} of signed up`], [20, 6, 20]),
    leaving("Unsubscribed", stats.unsubscribed),
    leaving("Bounced", stats.bounced),
    leaving("Complained", stats.complained),
    "",
    row(["Week", "Sent", "Check-ins", "Response", "Mean score"], widths),
    ...stats.weeks.map((w) => row([w.week, w.sent, w.checkins, percent(w.responseRate), number(w.meanScore)], widths)),
    ...(stats.weeks.length ? [] : ["(no program emails sent yet)"]),
    "",
    "Response = check-ins for the week / subscribers sent that week. Scores: 0 = no pain, 10 = worst imaginable.",
  ].join("\n");
}

try {
  const stats = await statsOf(withProgress(subscriberPages(getContext().store, pageSize)));
  const tableName = (Resource as unknown as { Subscribers: { name: string } }).Subscribers.name;
  console.log(values.json ? JSON.stringify(stats, null, 2) : table(stats, tableName));
} catch (error) {
  const hint = deployed ? "" : " Is the local stack running (npm start)?";
  console.error(`stats failed: ${(error as Error).message}.${hint}`);
  process.exit(1);
}
