import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { DueEntry, DueIndex } from "../../domain/ports";
import type { Table } from "./documents";
import { DUE_INDEX, DUE_SHARD, SHARDS } from "./table-schema";

/** The due index on DynamoDB: the sparse `byDue` GSI, queried shard by shard with `dueAt <= now`. */
export function dueIndex({ db, name }: Table): DueIndex {
  /** One shard's entries due by `now`, page by page, at most `most` of them. */
  async function dueInShard(shard: string, now: number, pageSize: number, most = Infinity): Promise<DueEntry[]> {
    const entries: DueEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const { Items, LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: name,
          IndexName: DUE_INDEX,
          KeyConditionExpression: "#shard = :shard AND #due <= :now",
          ExpressionAttributeNames: { "#shard": DUE_SHARD, "#due": "dueAt" },
          ExpressionAttributeValues: { ":shard": shard, ":now": now },
          Limit: Math.min(pageSize, most - entries.length),
          ExclusiveStartKey: start,
        }),
      );
      entries.push(...(Items ?? []).map((item) => ({ pk: String(item.pk), dueAt: Number(item.dueAt), week: Number(item.week) })));
      start = LastEvaluatedKey;
    } while (start && entries.length < most);
    return entries;
  }

  return {
    async due(now, pageSize = 500) {
      const perShard = await Promise.all(SHARDS.map((shard) => dueInShard(shard, now, pageSize)));
      return perShard.flat().sort((a, b) => a.dueAt - b.dueAt);
    },

    async nextDueAt() {
      const firsts = await Promise.all(SHARDS.map((shard) => dueInShard(shard, Number.MAX_SAFE_INTEGER, 1, 1)));
      const times = firsts.flat().map((entry) => entry.dueAt);
      return times.length ? Math.min(...times) : undefined;
    },
  };
}
