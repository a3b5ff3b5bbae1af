import { describe, expect, it } from "vitest";
import { receiveSqs } from "../functions/adapters/sqs";
import { readShardMessage, type ShardMessage } from "../functions/domain/sending/shard-message";

const message: ShardMessage = { pass: "p", budget: "b", shard: "3", share: 10, at: 1_000, deadline: 2_000, rate: 14 };
const record = (messageId: string, body: string) => ({ messageId, receiptHandle: "r", body, attributes: {}, eventSource: "aws:sqs", awsRegion: "us-east-1" });

describe("a shard message as the queue delivers it", () => {
  it("is read only when it is one: anything else is refused", () => {
    expect(readShardMessage(JSON.stringify(message))).toEqual(message);
    for (const body of ["", "not json", "null", JSON.stringify({ ...message, share: 0 }), JSON.stringify({ ...message, rate: -1 }), JSON.stringify({ ...message, shard: "" })]) {
      expect(readShardMessage(body)).toBeUndefined();
    }
  });

  it("fails only the records it can't read or whose work threw (partial batch response); the rest are done", async () => {
    const handled: string[] = [];
    const response = await receiveSqs(
      { Records: [record("good", JSON.stringify(message)), record("junk", "{"), record("throws", JSON.stringify({ ...message, shard: "boom" }))] },
      readShardMessage,
      async (m) => {
        if (m.shard === "boom") throw new Error("DynamoDB was unreachable");
        handled.push(m.shard);
      },
    );
    expect(handled).toEqual(["3"]);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "junk" }, { itemIdentifier: "throws" }] });
  });

  it("refuses an event that isn't an SQS event at all (there is no record to fail)", async () => {
    for (const event of [undefined, {}, { Records: [] }, { Records: [{ ...record("x", "{}"), eventSource: "aws:sns" }] }]) {
      await expect(receiveSqs(event, readShardMessage, async () => undefined)).rejects.toThrow(/not an SQS event/);
    }
  });
});
