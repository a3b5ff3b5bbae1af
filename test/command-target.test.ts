import { createServer, type IncomingMessage } from "node:http";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LOCAL_TABLE } from "../infra/dev/env";
import { commandTarget, localTarget, whereFrom } from "../infra/ops/target";

const TOKEN_KEY = "t".repeat(32);
const LINK_KEY = "l".repeat(32);

/** A DynamoDB endpoint that answers every request "no such table" and remembers which table was asked for. */
const asked: string[] = [];
const dynamo = createServer((request: IncomingMessage, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk));
  request.on("end", () => {
    asked.push((JSON.parse(body) as { TableName: string }).TableName);
    response.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
    response.end(JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "no such table" }));
  });
});
let dynamoUrl: string;
beforeAll(async () => {
  await new Promise<void>((ready) => dynamo.listen(0, "127.0.0.1", ready));
  dynamoUrl = `http://127.0.0.1:${(dynamo.address() as { port: number }).port}`;
});
afterAll(() => new Promise((done) => dynamo.close(done)));
afterEach(() => vi.unstubAllEnvs());

/** What an operator's shell holds for `npm run stats` against the local stack. */
const shell = (more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PORT: "3999",
  DATA_DIR: mkdtempSync(join(tmpdir(), "unknot-target-")),
  AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
  UNKNOT_TOKEN_KEY: TOKEN_KEY,
  UNKNOT_LINK_KEY: LINK_KEY,
  ...more,
});

describe("where an operator command works", () => {
  it("is the deployed stage when SST has linked its resources (sst shell, or a key file), else the local stack", () => {
    expect(whereFrom({})).toBe("local");
    expect(whereFrom({ PORT: "3000", AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:8000" })).toBe("local");
    expect(whereFrom({ SST_RESOURCE_App: JSON.stringify({ name: "unknot", stage: "production" }) })).toBe("deployed");
    expect(whereFrom({ SST_KEY_FILE: "/tmp/resources.enc" })).toBe("deployed");
  });

  it("finds the local stack from the variables it is given, writing none of them anywhere", async () => {
    const before = { ...process.env };
    const { log, error } = console;
    const env = shell();
    const given = { ...env };

    const target = commandTarget(env);
    expect(target.where).toBe("local");
    expect(target.table()).toBe(LOCAL_TABLE);
    expect(target.storage().key).toBe(TOKEN_KEY);
    const context = target.context();
    expect(context.apiUrl).toBe("http://localhost:3999");
    expect(context.settings.sendHour).toBeTypeOf("number");
    // the table is read at the endpoint it was given, not at one from this process's environment
    await expect(target.storage().store.get("someone")).rejects.toThrow(/no such table/);
    expect(asked).toEqual([LOCAL_TABLE]);

    expect(process.env).toEqual(before);
    expect(env).toEqual(given);
    expect(console.log).toBe(log);
    expect(console.error).toBe(error);
    // the keys were given: nothing was made in the data folder either
    expect(readdirSync(env.DATA_DIR!)).toEqual([]);
  });

  it("stops on a malformed setting, naming it, as npm start does", () => {
    expect(() => commandTarget(shell({ UNKNOT_SEND_HOUR: "eight" }))).toThrow(/UNKNOT_SEND_HOUR/);
  });

  it("stays local for a command that must never reach a deployed stage, even under sst shell", () => {
    const target = localTarget(shell({ SST_RESOURCE_App: JSON.stringify({ name: "unknot", stage: "production" }) }));
    expect(target.where).toBe("local");
    expect(target.table()).toBe(LOCAL_TABLE);
  });

  it("reads the deployed stage's resources as its functions do, and leaves the environment as it found it", () => {
    vi.stubEnv("SST_RESOURCE_App", JSON.stringify({ name: "unknot", stage: "production" }));
    vi.stubEnv("SST_RESOURCE_Subscribers", JSON.stringify({ name: "unknot-production-SubscribersTable" }));
    vi.stubEnv("SST_RESOURCE_TokenKey", JSON.stringify({ value: TOKEN_KEY }));
    vi.stubEnv("SST_RESOURCE_LinkKey", JSON.stringify({ value: LINK_KEY }));
    const before = { ...process.env };

    const target = commandTarget();
    expect(target.where).toBe("deployed");
    expect(target.table()).toBe("unknot-production-SubscribersTable");
    expect(target.storage().key).toBe(TOKEN_KEY);
    expect(target.hint).toBe("");
    expect(process.env).toEqual(before);
  });
});
