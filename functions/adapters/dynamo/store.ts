import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { outranks, type SuppressedStatus } from "../../domain/lifecycle/states";
import { DUE_INDEX, subscribersTable } from "./table-schema";
import { COUNTER_PREFIX, SUPPRESSED_PREFIX, type Change, type DueEntry, type Precondition, type SubscriberStore } from "../../domain/ports";
import type { Subscriber } from "../../domain/subscriber/subscriber";

const TTL_ATTRIBUTE = subscribersTable.ttl;

/**
 * The due index is write-sharded: its partition key is `dueShard`, one of `DUE_SHARDS` values
 * derived from the id, so many items due at one time spread over several partitions. The
 * adapter writes `dueShard` whenever it writes `dueAt` and removes it with it; the domain never
 * sees it.
 */
export const DUE_SHARDS = 8;
const SHARD = "dueShard";
const SHARDS = Array.from({ length: DUE_SHARDS }, (_, shard) => String(shard));

export function dueShardOf(id: string): string {
  const byte = Buffer.from(id, "base64url")[0] ?? 0;
  return String(byte % DUE_SHARDS);
}

/** The item as the table stores it: with its due shard beside its due time (bulk loaders write these too). */
export function tableItem(item: { pk: string; dueAt?: unknown }): Record<string, unknown> {
  return item.dueAt === undefined ? { ...item } : { ...item, [SHARD]: dueShardOf(item.pk) };
}

/** The item as the domain knows it: the shard is the adapter's business. */
function withoutShard(item: Record<string, unknown> | undefined): Subscriber | undefined {
  if (!item) return undefined;
  const { [SHARD]: _shard, ...subscriber } = item;
  return subscriber as unknown as Subscriber;
}

/** Builds expression placeholders (#n0, :v0…) so no attribute name or value is ever inlined. */
class Expression {
  names: Record<string, string> = {};
  values: Record<string, unknown> = {};
  #n = 0;
  name(attribute: string): string {
    const key = `#n${this.#n++}`;
    this.names[key] = attribute;
    return key;
  }
  value(value: unknown): string {
    const key = `:v${this.#n++}`;
    this.values[key] = value;
    return key;
  }
}

function condition(e: Expression, when: Precondition): string {
  const parts = [`attribute_exists(${e.name("pk")})`];
  if (when.status) parts.push(`${e.name("status")} IN (${when.status.map((s) => e.value(s)).join(", ")})`);
  if (when.leaseId !== undefined) parts.push(`${e.name("leaseId")} = ${e.value(when.leaseId)}`);
  if (when.unleasedAt !== undefined) {
    const lease = e.name("leaseUntil");
    parts.push(`(attribute_not_exists(${lease}) OR ${lease} < ${e.value(when.unleasedAt)})`);
  }
  if (when.week !== undefined) parts.push(`${e.name("week")} = ${e.value(when.week)}`);
  if (when.pastWeek !== undefined) parts.push(`${e.name("week")} > ${e.value(when.pastWeek)}`);
  if (when.dueBy !== undefined) parts.push(`${e.name("dueAt")} <= ${e.value(when.dueBy)}`);
  if (when.nonce) {
    const { field, equals } = when.nonce;
    const path = field === "pendingSignup" ? `${e.name("pendingSignup")}.${e.name("nonce")}` : e.name(field);
    parts.push(equals === undefined ? `attribute_not_exists(${path})` : `${path} = ${e.value(equals)}`);
  }
  if (when.olderThan) {
    const field = e.name(when.olderThan.field);
    parts.push(`(attribute_not_exists(${field}) OR ${field} < ${e.value(when.olderThan.before)})`);
  }
  return parts.join(" AND ");
}

/**
 * How a check-in is written: one key of the `checkins` map the item has ("into"), or the whole
 * map when the item has none ("new"). DynamoDB can't do both in one expression, so each is
 * conditional.
 */
type MapWrite = "into" | "new";

function mapCondition(e: Expression, change: Change, how?: MapWrite): string {
  if (!change.checkin || !how) return "";
  return ` AND attribute_${how === "new" ? "not_" : ""}exists(${e.name("checkins")})`;
}

function update(id: string, e: Expression, change: Change, how?: MapWrite): string {
  const sets = Object.entries(change.set ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${e.name(key)} = ${e.value(value)}`);
  if (change.set?.dueAt !== undefined) sets.push(`${e.name(SHARD)} = ${e.value(dueShardOf(id))}`);
  if (change.sentEmail) {
    const sent = e.name("sent");
    sets.push(`${sent} = list_append(if_not_exists(${sent}, ${e.value([])}), ${e.value([change.sentEmail])})`);
  }
  if (change.checkin && how) {
    const { week, checkin } = change.checkin;
    sets.push(
      how === "into"
        ? `${e.name("checkins")}.${e.name(String(week))} = ${e.value(checkin)}`
        : `${e.name("checkins")} = ${e.value({ [String(week)]: checkin })}`,
    );
  }
  const removed = change.remove ?? [];
  const removes = [...removed, ...(removed.includes("dueAt") ? [SHARD] : [])].map((key) => e.name(key));
  return [sets.length ? `SET ${sets.join(", ")}` : "", removes.length ? `REMOVE ${removes.join(", ")}` : ""]
    .filter(Boolean)
    .join(" ");
}

async function unlessConditionFails<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

export function dynamoStore(client: DynamoDBClient, tableName: string): SubscriberStore {
  const db = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  /** One shard's entries due by `now`, page by page, at most `most` of them. */
  async function dueInShard(shard: string, now: number, pageSize: number, most = Infinity): Promise<DueEntry[]> {
    const entries: DueEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const { Items, LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: DUE_INDEX,
          KeyConditionExpression: "#shard = :shard AND #due <= :now",
          ExpressionAttributeNames: { "#shard": SHARD, "#due": "dueAt" },
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
    async get(id) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk: id }, ConsistentRead: true }));
      return withoutShard(Item);
    },

    async create(subscriber, replacing) {
      const e = new Expression();
      const pk = e.name("pk");
      const replaceable = replacing.length
        ? ` OR ${e.name("status")} IN (${replacing.map((s) => e.value(s)).join(", ")})`
        : "";
      const written = await unlessConditionFails(
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: tableItem(subscriber),
            ConditionExpression: `attribute_not_exists(${pk})${replaceable}`,
            ExpressionAttributeNames: e.names,
            ExpressionAttributeValues: Object.keys(e.values).length ? e.values : undefined,
          }),
        ),
      );
      return written !== undefined;
    },

    async update(id, change, when) {
      // into the map, else as a new map; the third try covers a map created in between
      const tries: (MapWrite | undefined)[] = change.checkin ? ["into", "new", "into"] : [undefined];
      for (const how of tries) {
        const e = new Expression();
        const expression = update(id, e, change, how);
        const result = await unlessConditionFails(
          db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { pk: id },
              UpdateExpression: expression,
              ConditionExpression: condition(e, when) + mapCondition(e, change, how),
              ExpressionAttributeNames: e.names,
              ExpressionAttributeValues: Object.keys(e.values).length ? e.values : undefined,
              ReturnValues: "ALL_NEW",
            }),
          ),
        );
        if (result) return withoutShard(result.Attributes);
      }
      return undefined;
    },

    async countUp(name, limit, expiresAt) {
      // `limit#…` keys can't meet a subscriber id (base64url, no "#"); no `status`, so scans count them nowhere
      const counted = await unlessConditionFails(
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: `${COUNTER_PREFIX}${name}` },
            UpdateExpression: "ADD #count :one SET #expires = if_not_exists(#expires, :expires)",
            ConditionExpression: "attribute_not_exists(#count) OR #count < :limit",
            ExpressionAttributeNames: { "#count": "count", "#expires": TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ":one": 1, ":limit": limit, ":expires": Math.ceil(expiresAt.getTime() / 1000) },
          }),
        ),
      );
      return counted !== undefined;
    },

    async counted(name) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: { pk: `${COUNTER_PREFIX}${name}` }, ConsistentRead: true }),
      );
      return Number(Item?.count ?? 0);
    },

    async markSuppressed(id, status) {
      // `suppressed#…` keys can't meet a subscriber id either; no `status`, no expiry: scans and TTL pass it by
      const e = new Expression();
      const field = e.name("suppressed");
      const weaker = outranks[status].map((s) => e.value(s));
      const marked = await unlessConditionFails(
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: `${SUPPRESSED_PREFIX}${id}` },
            UpdateExpression: `SET ${field} = ${e.value(status)}`,
            ConditionExpression: `attribute_not_exists(${field})${weaker.length ? ` OR ${field} IN (${weaker.join(", ")})` : ""}`,
            ExpressionAttributeNames: e.names,
            ExpressionAttributeValues: e.values,
          }),
        ),
      );
      return marked !== undefined;
    },

    async suppressedStatusOf(id) {
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: { pk: `${SUPPRESSED_PREFIX}${id}` }, ConsistentRead: true }),
      );
      return Item?.suppressed as SuppressedStatus | undefined;
    },

    async remove(id) {
      const { Attributes } = await db.send(
        new DeleteCommand({ TableName: tableName, Key: { pk: id }, ReturnValues: "ALL_OLD" }),
      );
      return Attributes !== undefined;
    },

    async removeExpired(id, nowSeconds) {
      const e = new Expression();
      const deleted = await unlessConditionFails(
        db.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: id },
            ConditionExpression: `${e.name("expiresAt")} <= ${e.value(nowSeconds)}`,
            ExpressionAttributeNames: e.names,
            ExpressionAttributeValues: e.values,
          }),
        ),
      );
      return deleted !== undefined;
    },

    async due(now, pageSize = 500) {
      const perShard = await Promise.all(SHARDS.map((shard) => dueInShard(shard, now, pageSize)));
      return perShard.flat().sort((a, b) => a.dueAt - b.dueAt);
    },

    async nextDueAt() {
      const firsts = await Promise.all(SHARDS.map((shard) => dueInShard(shard, Number.MAX_SAFE_INTEGER, 1, 1)));
      const times = firsts.flat().map((entry) => entry.dueAt);
      return times.length ? Math.min(...times) : undefined;
    },

    async scan(fields, cursor, limit) {
      const e = new Expression();
      const { Items, LastEvaluatedKey } = await db.send(
        new ScanCommand({
          TableName: tableName,
          ProjectionExpression: fields.map((field) => e.name(field)).join(", "),
          // subscribers only: rate-limit counters have no status
          FilterExpression: `attribute_exists(${e.name("status")})`,
          ExpressionAttributeNames: e.names,
          ExclusiveStartKey: cursor,
          Limit: limit,
        }),
      );
      return {
        items: (Items ?? []) as Pick<Subscriber, (typeof fields)[number]>[],
        next: LastEvaluatedKey ? { pk: String(LastEvaluatedKey.pk) } : undefined,
      };
    },
  };
}
