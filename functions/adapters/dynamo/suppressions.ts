import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Suppressions } from "../../domain/ports";
import { outranks, type SuppressedStatus } from "../../domain/subscriber/states";
import type { Table } from "./documents";
import { Expression, unlessConditionFails } from "./expression";
import { SUPPRESSED_PREFIX } from "./table-schema";

/** Suppression markers on DynamoDB: one item per address (`suppressed#<id>`), no status, no expiry. */
export function suppressions({ db, name }: Table): Suppressions {
  return {
    async markSuppressed(id, status) {
      // no `status`, no expiry: scans and TTL pass it by
      const e = new Expression();
      const field = e.name("suppressed");
      const weaker = outranks[status].map((s) => e.value(s));
      const marked = await unlessConditionFails(
        db.send(
          new UpdateCommand({
            TableName: name,
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
      const { Item } = await db.send(new GetCommand({ TableName: name, Key: { pk: `${SUPPRESSED_PREFIX}${id}` }, ConsistentRead: true }));
      return Item?.suppressed as SuppressedStatus | undefined;
    },
  };
}
