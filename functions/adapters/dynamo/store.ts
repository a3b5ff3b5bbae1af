import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SubscriberStore } from "../../domain/ports";
import { counters } from "./counters";
import { documentClient } from "./documents";
import { dueIndex } from "./due-index";
import { sendLedger } from "./send-ledger";
import { subscriberRepository } from "./subscribers";
import { suppressions } from "./suppressions";

/** Every port the table serves, on one DynamoDB table (`table-schema.ts`): what the runtime hands the domain. */
export function dynamoStore(client: DynamoDBClient, tableName: string): SubscriberStore {
  const table = { db: documentClient(client), name: tableName };
  return { ...subscriberRepository(table), ...dueIndex(table), ...counters(table), ...suppressions(table), ...sendLedger(table) };
}
