import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Counters } from "../../domain/ports";
import type { Table } from "./documents";
import { unlessConditionFails } from "./expression";
import { COUNTER_PREFIX, subscribersTable } from "./table-schema";

/** Counters on DynamoDB: one item each (`limit#…`), counted up with a conditional ADD, deleted by TTL. */
export function counters({ db, name }: Table): Counters {
  return {
    async countUp(counter, limit, expiresAt) {
      // no `status`, so scans count them nowhere
      const counted = await unlessConditionFails(
        db.send(
          new UpdateCommand({
            TableName: name,
            Key: { pk: `${COUNTER_PREFIX}${counter}` },
            UpdateExpression: "ADD #count :one SET #expires = if_not_exists(#expires, :expires)",
            ConditionExpression: "attribute_not_exists(#count) OR #count < :limit",
            ExpressionAttributeNames: { "#count": "count", "#expires": subscribersTable.ttl },
            ExpressionAttributeValues: { ":one": 1, ":limit": limit, ":expires": Math.ceil(expiresAt.getTime() / 1000) },
          }),
        ),
      );
      return counted !== undefined;
    },

    async counted(counter) {
      const { Item } = await db.send(new GetCommand({ TableName: name, Key: { pk: `${COUNTER_PREFIX}${counter}` }, ConsistentRead: true }));
      return Number(Item?.count ?? 0);
    },
  };
}
