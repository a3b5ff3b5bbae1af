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
