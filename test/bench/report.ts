import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoStore } from "../../functions/adapters/dynamo/store";
import { statsFields, statsOf, subscriberPages } from "../../infra/ops/stats/figures";
import { subscriberIdFor } from "../../functions/domain/links/tokens";
import { ensureTable } from "../../infra/dev/dynamo";
import { demoPages } from "../../infra/ops/report/demo";
import { reportHtml } from "../../infra/ops/report/page";
import { putAll } from "../support/seed";
import { median, timed, type Rig } from "./harness";
import { recordingClient } from "./sender";

export interface ReportCostResult {
  subscribers: number;
  itemsReadPerSubscriber: number;
  reportMs: number;
  bareScanMs: number;
  timeRatio: number;
  htmlKb: number;
  seedSeconds: number;
  /** `npm run stats`'s figures over the same table, read in one scan segment and in `segments` at once (medians, ms) */
  stats: { segments: number; oneSegmentMs: number; parallelMs: number; ratio: number };
}

/**
 * 7. `npm run report` over a table of 100,000 subscribers (the demo's mix of statuses, weeks
 * and check-ins, with ids and addresses): items read per subscriber, and the time for the
 * whole report (scan, figures, charts, HTML) against a bare paginated scan of the same table
 * with the same projection that only counts what comes back; and `npm run stats`'s figures read
 * in one scan segment against `segments` at once. Rounds alternate; medians.
 */
export async function reportCost(rig: Rig, size = 100_000, rounds = 3, segments = 4): Promise<ReportCostResult> {
  const { client, seen } = recordingClient();
  const table = `unknot-bench-report-${size}`;
  const seeding = await timed(async () => {
    await ensureTable(client, table);
    let i = 0;
    for (const page of demoPages(size)) {
      const items = page.map((item) => {
        const email = `reader.${i++}@example.com`;
        return { ...item, pk: subscriberIdFor(rig.tokenKey, email), email, tz: "Europe/Berlin", updatedAt: item.createdAt };
      });
      await putAll(client, table, items, 16);
    }
  });

  const db = DynamoDBDocumentClient.from(client);
  const names = Object.fromEntries(statsFields.map((field, n) => [`#f${n}`, field]));
  const bareScan = async () => {
    let items = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new ScanCommand({ TableName: table, ProjectionExpression: Object.keys(names).join(", "), ExpressionAttributeNames: names, ExclusiveStartKey: start }),
      );
      items += page.Items?.length ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };
  const store = dynamoStore(client, table);
  // one segment, like the bare scan it is measured against
  const report = async () => {
    const stats = await statsOf(subscriberPages(store, { segments: 1 }));
    return reportHtml(stats, { source: table, filter: {}, generatedAt: new Date() });
  };
  const statsIn = (segments: number) => async () => {
    const stats = await statsOf(subscriberPages(store, { segments }));
    if (stats.subscribers !== size) throw new Error(`stats in ${segments} segments counted ${stats.subscribers} of ${size}`);
  };

  const bare: number[] = [];
  const whole: number[] = [];
  const oneSegment: number[] = [];
  const parallel: number[] = [];
  let itemsRead = 0;
  let html = "";
  for (let round = 0; round < rounds; round++) {
    const scanned = await timed(bareScan);
    if (scanned.result !== size) throw new Error(`the bare scan read ${scanned.result} of ${size} items`);
    bare.push(scanned.ms);
    seen.itemsRead = 0;
    const made = await timed(report);
    itemsRead = seen.itemsRead;
    html = made.result;
    whole.push(made.ms);
    // which goes first alternates, so a drift in the machine's load weighs on both
    const pair = [() => timed(statsIn(1)).then((r) => oneSegment.push(r.ms)), () => timed(statsIn(segments)).then((r) => parallel.push(r.ms))];
    for (const run of round % 2 ? pair.reverse() : pair) await run();
  }
  const reportMs = median(whole);
  const bareScanMs = median(bare);
  const stats = { segments, oneSegmentMs: median(oneSegment), parallelMs: median(parallel), ratio: median(parallel) / median(oneSegment) };
  return {
    stats,
    subscribers: size,
    itemsReadPerSubscriber: itemsRead / size,
    reportMs,
    bareScanMs,
    timeRatio: reportMs / bareScanMs,
    htmlKb: Buffer.byteLength(html) / 1024,
    seedSeconds: seeding.ms / 1000,
  };
}
