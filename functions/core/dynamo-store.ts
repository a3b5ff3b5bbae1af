import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { DUE_INDEX } from "../../infra/table-schema";
import type { Change, Precondition, SubscriberStore } from "./store";
import type { Subscriber } from "./subscriber";

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
  if (when.dueBy !== undefined) parts.push(`${e.name("dueAt")} <= ${e.value(when.dueBy)}`);
  if (when.olderThan) {
    const field = e.name(when.olderThan.field);
    parts.push(`(attribute_not_exists(${field}) OR ${field} < ${e.value(when.olderThan.before)})`);
  }
  return parts.join(" AND ");
}

function update(e: Expression, change: Change): string {
  const sets = Object.entries(change.set ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${e.name(key)} = ${e.value(value)}`);
  if (change.sent) {
    const sent = e.name("sent");
    sets.push(`${sent} = list_append(if_not_exists(${sent}, ${e.value([])}), ${e.value([change.sent])})`);
  }
  const removes = (change.remove ?? []).map((key) => e.name(key));
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
  return {
    async get(id) {
      const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk: id }, ConsistentRead: true }));
      return Item as Subscriber | undefined;
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
            Item: subscriber,
            ConditionExpression: `attribute_not_exists(${pk})${replaceable}`,
            ExpressionAttributeNames: e.names,
            ExpressionAttributeValues: Object.keys(e.values).length ? e.values : undefined,
          }),
        ),
      );
      return written !== undefined;
    },

    async update(id, change, when) {
      const e = new Expression();
      const expression = update(e, change);
      const result = await unlessConditionFails(
        db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: id },
            UpdateExpression: expression,
            ConditionExpression: condition(e, when),
            ExpressionAttributeNames: e.names,
            ExpressionAttributeValues: Object.keys(e.values).length ? e.values : undefined,
            ReturnValues: "ALL_NEW",
          }),
        ),
      );
      return result?.Attributes as Subscriber | undefined;
    },

    async remove(id) {
      const { Attributes } = await db.send(
        new DeleteCommand({ TableName: tableName, Key: { pk: id }, ReturnValues: "ALL_OLD" }),
      );
      return Attributes !== undefined;
    },

    async due(shard, now, limit, cursor) {
      const { Items, LastEvaluatedKey } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: DUE_INDEX,
          KeyConditionExpression: "dueShard = :shard AND dueAt <= :now",
          ExpressionAttributeValues: { ":shard": shard, ":now": now },
          Limit: limit,
          ExclusiveStartKey: cursor ? { ...cursor, dueShard: shard } : undefined,
        }),
      );
      const items = (Items ?? []).map((item) => ({
        pk: String(item.pk),
        dueAt: Number(item.dueAt),
        week: Number(item.week),
      }));
      const next = LastEvaluatedKey
        ? { pk: String(LastEvaluatedKey.pk), dueAt: Number(LastEvaluatedKey.dueAt) }
        : undefined;
      return { items, next };
    },
  };
}
