import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { storedChange, type Change, type Precondition, type StoredChange, type SubscriberRepository } from "../../domain/ports";
import type { Subscriber, SubscriberRecord } from "../../domain/subscriber/subscriber";
import type { Table } from "./documents";
import { condition, Expression, mapCondition, unlessConditionFails, updateExpression, type MapWrite } from "./expression";
import { DUE_SHARD, tableItem } from "./table-schema";

/** The item as the domain knows it: the shard is the adapter's business. */
function withoutShard(item: Record<string, unknown> | undefined): Subscriber | undefined {
  if (!item) return undefined;
  const { [DUE_SHARD]: _shard, ...subscriber } = item;
  return subscriber as unknown as Subscriber;
}

/** The subscriber repository on DynamoDB: one item per subscriber, every write conditional. */
export function subscriberRepository({ db, name }: Table): SubscriberRepository {
  /** A conditional update; undefined when its condition failed. */
  async function write(id: string, change: StoredChange, when: Precondition, returned: "ALL_NEW" | "NONE") {
    // into the map, else as a new map; the third try covers a map created in between
    const tries: (MapWrite | undefined)[] = change.checkin ? ["into", "new", "into"] : [undefined];
    for (const how of tries) {
      const e = new Expression();
      const expression = updateExpression(id, e, change, how);
      const result = await unlessConditionFails(
        db.send(
          new UpdateCommand({
            TableName: name,
            Key: { pk: id },
            UpdateExpression: expression,
            ConditionExpression: condition(e, when) + mapCondition(e, change, how),
            ExpressionAttributeNames: e.names,
            ExpressionAttributeValues: e.valuesOrNone,
            ReturnValues: returned,
          }),
        ),
      );
      if (result) return result;
    }
    return undefined;
  }

  return {
    async get(id) {
      const { Item } = await db.send(new GetCommand({ TableName: name, Key: { pk: id }, ConsistentRead: true }));
      return withoutShard(Item);
    },

    async create(subscriber, replacing) {
      const e = new Expression();
      const pk = e.name("pk");
      const replaceable = replacing.length ? ` OR ${e.name("status")} IN (${replacing.map((s) => e.value(s)).join(", ")})` : "";
      const written = await unlessConditionFails(
        db.send(
          new PutCommand({
            TableName: name,
            Item: tableItem(subscriber),
            ConditionExpression: `attribute_not_exists(${pk})${replaceable}`,
            ExpressionAttributeNames: e.names,
            ExpressionAttributeValues: e.valuesOrNone,
          }),
        ),
      );
      return written !== undefined;
    },

    async update<S extends Subscriber>(id: string, change: Change<S>, when: Precondition) {
      const result = await write(id, storedChange(change), when, "ALL_NEW");
      return result && (withoutShard(result.Attributes) as S | undefined);
    },

    async apply(id, change, when) {
      return (await write(id, storedChange(change), when, "NONE")) !== undefined;
    },

    async remove(id) {
      const { Attributes } = await db.send(new DeleteCommand({ TableName: name, Key: { pk: id }, ReturnValues: "ALL_OLD" }));
      return Attributes !== undefined;
    },

    async removeExpired(id, nowSeconds) {
      const e = new Expression();
      const deleted = await unlessConditionFails(
        db.send(
          new DeleteCommand({
            TableName: name,
            Key: { pk: id },
            ConditionExpression: `${e.name("expiresAt")} <= ${e.value(nowSeconds)}`,
            ExpressionAttributeNames: e.names,
            ExpressionAttributeValues: e.values,
          }),
        ),
      );
      return deleted !== undefined;
    },

    async scan(fields, cursor, limit, segment) {
      const e = new Expression();
      const { Items, LastEvaluatedKey } = await db.send(
        new ScanCommand({
          TableName: name,
          ProjectionExpression: fields.map((field) => e.name(field)).join(", "),
          // subscribers only: rate-limit counters, suppression markers and the sender's items have no status
          FilterExpression: `attribute_exists(${e.name("status")})`,
          ExpressionAttributeNames: e.names,
          ExclusiveStartKey: cursor,
          Limit: limit,
          ...(segment && { Segment: segment.index, TotalSegments: segment.total }),
        }),
      );
      return {
        items: (Items ?? []) as Pick<SubscriberRecord, (typeof fields)[number]>[],
        next: LastEvaluatedKey ? { pk: String(LastEvaluatedKey.pk) } : undefined,
      };
    },
  };
}
