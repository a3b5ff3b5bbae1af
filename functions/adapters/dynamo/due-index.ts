import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { DueEntry, DueIndex } from "../../domain/ports";
import type { Table } from "./documents";
import { DUE_INDEX, DUE_SHARD, SHARDS } from "./table-schema";

const entryOf = (item: Record<string, unknown>): DueEntry => ({ pk: String(item.pk), dueAt: Number(item.dueAt), week: Number(item.week) });

/** The due index on DynamoDB: the sparse `byDue` GSI, queried shard by shard with `dueAt <= now`. */
export function dueIndex({ db, name }: Table): DueIndex {
  const query = (shard: string, now: number, more: Partial<QueryCommandInput>) =>
    new QueryCommand({
      TableName: name,
      IndexName: DUE_INDEX,
      KeyConditionExpression: "#shard = :shard AND #due <= :now",
      ExpressionAttributeNames: { "#shard": DUE_SHARD, "#due": "dueAt" },
      ExpressionAttributeValues: { ":shard": shard, ":now": now },
      ...more,
    });

  return {
    dueShards: SHARDS,

    async countDue(shard, now) {
      // DynamoDB counts up to 1 MB of index entries a request (some 10,000): no entry comes back
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const { Count, LastEvaluatedKey } = await db.send(query(shard, now, { Select: "COUNT", ExclusiveStartKey: start }));
        count += Count ?? 0;
        start = LastEvaluatedKey;
      } while (start);
      return count;
    },

    async duePage(shard, now, limit, after) {
      const start = after && { pk: after.pk, [DUE_SHARD]: shard, dueAt: after.dueAt };
      const { Items, LastEvaluatedKey } = await db.send(query(shard, now, { Limit: limit, ExclusiveStartKey: start }));
      return {
        entries: (Items ?? []).map(entryOf),
        next: LastEvaluatedKey && { pk: String(LastEvaluatedKey.pk), dueAt: Number(LastEvaluatedKey.dueAt) },
      };
    },

    async nextDueAt() {
      const firsts = await Promise.all(
        SHARDS.map(async (shard) => (await db.send(query(shard, Number.MAX_SAFE_INTEGER, { Limit: 1 }))).Items?.[0]),
      );
      const times = firsts.flatMap((item) => (item ? [Number(item.dueAt)] : []));
      return times.length ? Math.min(...times) : undefined;
    },
  };
}
