import { afterEach, describe, expect, it } from "vitest";
import type { Context } from "../functions/domain/context";
import { runPass } from "../functions/domain/sending/pass";
import { planShards } from "../functions/domain/sending/planner";
import type { ShardMessage } from "../functions/domain/sending/shard-message";
import { runShard } from "../functions/domain/sending/shard-worker";
import { LEASE_MS } from "../functions/domain/sending/timing";
import { busiestSecond } from "./support/windows";
import { dueSubscribers } from "./support/seed";
import { useMemoryStack } from "./support/use-stack";

/**
 * The fan-out as SQS runs it: at least once. Every shard message here reaches a worker twice,
 * as SQS may deliver it; planners race; a worker dies mid-page. The leases, the pass's shared
 * budget and the send clock must still send each due subscriber's week exactly once, within the
 * quota and the rate.
 */
const stack = useMemoryStack();
afterEach(() => (stack.mail.options.quota = undefined));

let batch = 0;
/** `count` subscribers whose week 1 is due at `at`; their addresses. */
async function due(count: number, at: number): Promise<string[]> {
  const people = dueSubscribers(stack.context.key, `fan${batch++}`, count, at, { dueAt: at });
  await stack.put(people);
  return people.map((s) => s.email);
}

/** How many emails each address got. */
const received = (addresses: readonly string[]) => addresses.map((address) => stack.mail.sent.filter((m) => m.destination.to[0] === address).length);
const never = <T>() => new Promise<T>(() => {});

/**
 * The context of a worker whose process dies once it has sent `sends` emails: from then on its
 * sends and claims never answer (it is gone), though the commits of what it sent went through.
 * Whatever it claimed and hadn't sent stays claimed until the lease runs out.
 */
function dyingAfter(ctx: Context, sends: number): Context {
  let left = sends;
  return {
    ...ctx,
    mailer: { ...ctx.mailer, send: (email) => (left-- > 0 ? ctx.mailer.send(email) : never()) },
    store: { ...ctx.store, update: (id, change, when) => (left > 0 ? ctx.store.update(id, change, when) : never()) },
  };
}

describe("the sender's fan-out, with every message delivered twice", () => {
  it("sends each due week once though a worker dies mid-page; a later pass sends what it held", async () => {
    const at = Date.now() - 60_000;
    const people = await due(120, at);
    const { messages } = await planShards(stack.context, { now: new Date(at), maxRate: 1000 });
    expect(messages.length).toBeGreaterThan(1);
    const [doomed, ...rest] = messages as [ShardMessage, ...ShardMessage[]];

    // the first delivery of one shard dies after 5 sends, halfway through its first page; the queue
    // hands that message out again, and every other message twice at once
    void runShard(dyingAfter(stack.context, 5), doomed, { pageSize: 10, concurrency: 4 });
    await new Promise((wake) => setTimeout(wake, 200));
    await Promise.all([doomed, ...rest, ...rest].map((message) => runShard(stack.context, message, { pageSize: 10, concurrency: 4 })));

    const counts = received(people);
    expect(Math.max(...counts)).toBe(1);
    // what the dead worker had claimed waits for its lease
    const waiting = counts.filter((n) => n === 0).length;
    expect(waiting).toBeGreaterThan(0);
    expect(waiting).toBeLessThanOrEqual(4);

    const later = await runPass(stack.context, { now: new Date(at + LEASE_MS + 60_000), maxRate: 1000 });
    expect(later.sent).toBe(waiting);
    expect(received(people)).toEqual(people.map(() => 1));
  });

  it("sends each due week once when two planners race, and the two together keep to one quota and one rate", async () => {
    const at = Date.now() - 2 * 3_600_000; // a pass of its own: passes planned in one 15-minute interval share a budget
    const people = await due(50, at);
    // the program's share of the quota leaves 30 for this pass
    stack.mail.options.quota = { max24HourSend: 100, sentLast24Hours: 50, maxSendRate: 25 };
    const sentBefore = stack.mail.sent.length;
    const deliverTwice = (messages: ShardMessage[]) => Promise.all([...messages, ...messages].map((message) => runShard(stack.context, message)));
    // the second planner runs while the first one's workers are already sending
    const first = await planShards(stack.context, { now: new Date(at) });
    const firstWorkers = deliverTwice(first.messages);
    await new Promise((wake) => setTimeout(wake, 300));
    const second = await planShards(stack.context, { now: new Date(at) });
    expect(second.pass).not.toBe(first.pass);
    expect(second.budget).toBe(first.budget);
    expect(second.allowance).toBeLessThan(30);
    await Promise.all([firstWorkers, deliverTwice(second.messages)]);

    const counts = received(people);
    expect(Math.max(...counts)).toBe(1);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(30);
    const times = stack.mail.sent.slice(sentBefore).map((m) => m.at * 1000);
    expect(times).toHaveLength(30);
    // the emulator's seconds, as SES counts them: never more than the rate in one
    expect(busiestSecond(times.sort((a, b) => a - b))).toBeLessThanOrEqual(25);
  });

  it("drops a message that comes back after its pass's deadline: the next pass has planned that shard again", async () => {
    const at = Date.now() - 5 * 3_600_000;
    const people = await due(10, at);
    const { messages } = await planShards(stack.context, { now: new Date(at), maxRate: 1000 });
    const late = () => messages[0]!.deadline + 1;
    const results = await Promise.all(messages.map((message) => runShard(stack.context, message, { wallClock: late })));
    expect(results.every((r) => r.stale && r.sent === 0)).toBe(true);
    expect(received(people)).toEqual(people.map(() => 0));
  });
});
