/**
 * The subscribers table, described once. `infra/aws/storage.ts` hands this object to
 * `sst.aws.Dynamo`; the local stack turns the same object into a CreateTable call,
 * so the deployed and the local table cannot drift apart.
 *
 * - `pk`: the subscriber id (a keyed hash of the normalised address, never the address).
 * - `byDue`: a sparse, write-sharded index on the next send time. `dueShard` and `dueAt`
 *   exist only while a program email is scheduled, so a sender pass reads what is due
 *   and nothing else.
 * - `expiresAt` (epoch seconds): DynamoDB TTL. Set on items that must go after a retention
 *   period (an unconfirmed signup, a finished subscriber); DynamoDB deletes them after it.
 */
export const DUE_INDEX = "byDue";

/**
 * The due index is write-sharded: its partition key is `dueShard`, one of `DUE_SHARDS` values
 * derived from the id, so many items due at one time spread over several partitions. The
 * adapter writes `dueShard` whenever it writes `dueAt` and removes it with it; the domain never
 * sees it.
 */
export const DUE_SHARD = "dueShard";
export const DUE_SHARDS = 8;
export const SHARDS = Array.from({ length: DUE_SHARDS }, (_, shard) => String(shard));

export function dueShardOf(id: string): string {
  const byte = Buffer.from(id, "base64url")[0] ?? 0;
  return String(byte % DUE_SHARDS);
}

/** The item as the table stores it: with its due shard beside its due time (bulk loaders write these too). */
export function tableItem(item: { pk: string; dueAt?: unknown }): Record<string, unknown> {
  return item.dueAt === undefined ? { ...item } : { ...item, [DUE_SHARD]: dueShardOf(item.pk) };
}

/** Rate-limit counters live in the same table under keys with this prefix (a subscriber id, base64url, has no "#"). */
export const COUNTER_PREFIX = "limit#";

/** Suppression markers live in the same table under keys with this prefix. */
export const SUPPRESSED_PREFIX = "suppressed#";

/**
 * The sender's shared items (the send ledger), beside the subscribers, without a `status` so
 * scans pass them by: a pass's budget (`budget#…`, expires), its workers' tally (`pass#…`,
 * expires) and the one send clock.
 */
export const BUDGET_PREFIX = "budget#";
export const PASS_PREFIX = "pass#";
export const SEND_CLOCK_KEY = "send#clock";

export const subscribersTable: TableSchema = {
  fields: { pk: "string", dueShard: "string", dueAt: "number" },
  primaryIndex: { hashKey: "pk" },
  ttl: "expiresAt",
  globalIndexes: {
    // projects `week` so a claim can name the week it is about to send without reading the item
    [DUE_INDEX]: { hashKey: "dueShard", rangeKey: "dueAt", projection: ["week"] },
  },
};

export interface TableSchema {
  fields: Record<string, "string" | "number" | "binary">;
  primaryIndex: { hashKey: string; rangeKey?: string };
  /** the attribute DynamoDB's time to live reads (epoch seconds) */
  ttl: string;
  globalIndexes: Record<string, { hashKey: string; rangeKey?: string; projection: "all" | "keys-only" | string[] }>;
}
