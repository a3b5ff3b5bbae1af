import { once } from "node:events";
import type { Server } from "node:http";
import { mkdirSync } from "node:fs";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { subscribersTable, type TableSchema } from "../../functions/adapters/dynamo/table-schema";

const TYPES = { string: "S", number: "N", binary: "B" } as const;

/** The CreateTable request for the same schema object `sst.aws.Dynamo` receives. */
export function createTableInput(name: string, schema: TableSchema = subscribersTable): CreateTableCommandInput {
  const keys = (hashKey: string, rangeKey?: string) => [
    { AttributeName: hashKey, KeyType: "HASH" as const },
    ...(rangeKey ? [{ AttributeName: rangeKey, KeyType: "RANGE" as const }] : []),
  ];
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: Object.entries(schema.fields).map(([AttributeName, type]) => ({
      AttributeName,
      AttributeType: TYPES[type],
    })),
    KeySchema: keys(schema.primaryIndex.hashKey),
    GlobalSecondaryIndexes: Object.entries(schema.globalIndexes).map(([IndexName, index]) => ({
      IndexName,
      KeySchema: keys(index.hashKey, index.rangeKey),
      Projection:
        typeof index.projection === "string"
          ? { ProjectionType: index.projection === "keys-only" ? "KEYS_ONLY" : "ALL" }
          : { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projection] },
    })),
  };
}

/** dynalite: the DynamoDB API on one port, data on disk under `path` (in memory without). */
export async function startDynalite(port: number, path?: string): Promise<Server> {
  if (path) mkdirSync(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return server;
}

/** Creates the subscribers table unless it is already there (a restart keeps its data). */
export async function ensureTable(client: DynamoDBClient, name: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(name)));
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
  }
}
