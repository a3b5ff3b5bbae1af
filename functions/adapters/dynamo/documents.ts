import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** The document client every port's adapter writes through (plain objects in, plain objects out). */
export const documentClient = (client: DynamoDBClient) =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

/** Where an adapter writes: the document client and the table's name. */
export interface Table {
  db: DynamoDBDocumentClient;
  name: string;
}
