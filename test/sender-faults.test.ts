import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { beforeEach, describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import type { Context } from "../functions/domain/context";
import { retryDelay, runPass } from "../functions/domain/sending/pass";
import { storedChange, type StoredChange, type SubscriberStore } from "../functions/domain/ports";
import { useCaptureStack } from "./support/capture-stack";
import { LOCAL_TABLE } from "../infra/dev/env";
import { confirmedSubscriber } from "./support/people";
import { putAll, subscriberItem } from "./support/seed";

const rig = useCaptureStack();

let batch = 0;
let people: string[] = [];
beforeEach(() => {
  rig.capture.options.throttleShare = 0;
  rig.capture.options.reject = undefined;
});

/** Confirms `n` new subscribers; returns their addresses and a moment when week 1 is due for all. */
async function signUp(n: number) {
  batch++;
  people = Array.from({ length: n }, (_, i) => `b${batch}-p${i}@example.com`);
  for (const email of people) await confirmedSubscriber(rig.stack, email);
  return Date.now() + 1000;
}

/** How many program emails each person received (confirmation emails excluded). */
const programCounts = () =>
  people.map((email) => rig.capture.to(email).filter((m) => !/Subject: Please confirm/.test(m.raw)).length);

/** The store, with writes of one kind made to fail as if the process died right there. */
function crashingOn(ctx: Context, when: (change: StoredChange) => boolean): Context {
  const store: SubscriberStore = {
    ...ctx.store,
    update: (id, change, pre) => (when(storedChange(change)) ? Promise.reject(new Error("process died")) : ctx.store.update(id, change, pre)),
    apply: (id, change, pre) => (when(storedChange(change)) ? Promise.reject(new Error("process died")) : ctx.store.apply(id, change, pre)),
  };
  return { ...ctx, store };
}

describe("the sender under faults", () => {
  it("retries SES throttling: nobody is lost and nobody gets a week twice", async () => {
    const at = await signUp(12);
    rig.capture.options.throttleShare = 0.3;
    const summary = await runPass(getContext(), { now: new Date(at), maxRate: 1000 });
    expect(rig.capture.stats.throttled).toBeGreaterThan(0);
    expect(summary).toMatchObject({ due: 12, sent: 12, failed: 0 });
    expect(programCounts()).toEqual(Array(12).fill(1));
  });

  it("lets two overlapping passes share the work without sending anything twice", async () => {
    const at = await signUp(16);
    const [a, b] = await Promise.all([
      runPass(getContext(), { now: new Date(at), maxRate: 1000, concurrency: 4 }),
      runPass(getContext(), { now: new Date(at), maxRate: 1000, concurrency: 4 }),
    ]);
    expect(a.sent + b.sent).toBe(16);
    expect(programCounts()).toEqual(Array(16).fill(1));
  });

  it("releases a failed send so a later pass delivers it", async () => {
    const at = await signUp(3);
    const unlucky = people[1]!;
    rig.capture.options.reject = (to) => to === unlucky;
    const first = await runPass(getContext(), { now: new Date(at), maxRate: 1000 });
    expect(first).toMatchObject({ sent: 2, failed: 1 });
    const released = await rig.stack.subscriber(unlucky);
    expect(released?.leaseId).toBeUndefined();
    expect(released?.sendFailures).toBe(1);
    rig.capture.options.reject = undefined;
    // backed off: the next pass a minute later leaves it alone; the one after 15 minutes sends it
    expect(await runPass(getContext(), { now: new Date(at + 60_000), maxRate: 1000 })).toMatchObject({ due: 0, sent: 0 });
    const second = await runPass(getContext(), { now: new Date(at + 15 * 60_000), maxRate: 1000 });
    expect(second).toMatchObject({ sent: 1, failed: 0 });
    expect(programCounts()).toEqual([1, 1, 1]);
    expect((await rig.stack.subscriber(unlucky))?.sendFailures).toBeUndefined();
  });

  it("backs off a send that keeps failing, doubling up to a day", async () => {
    expect([1, 2, 3, 7, 8, 20].map((n) => retryDelay(n) / 60_000)).toEqual([15, 30, 60, 960, 1440, 1440]);
  });

  it("when a pass dies between send and commit, the lease holds off a resend until it runs out; nothing is lost", async () => {
    const at = await signUp(4);
    const dying = crashingOn(getContext(), (change) => change.sentEmail?.week === 1);
    await runPass(dying, { now: new Date(at), maxRate: 1000, leaseMs: 10 * 60_000 });
    expect(programCounts()).toEqual([1, 1, 1, 1]);

    // the next scheduled pass, while the leases still hold: nothing is sent twice
    const soon = await runPass(getContext(), { now: new Date(at + 5 * 60_000), maxRate: 1000 });
    expect(soon).toMatchObject({ sent: 0, skipped: 4 });
    expect(programCounts()).toEqual([1, 1, 1, 1]);

    // once the leases ran out, the work is finished: the documented duplicate window
    const later = await runPass(getContext(), { now: new Date(at + 11 * 60_000), maxRate: 1000 });
    expect(later.sent).toBe(4);
    for (const email of people) expect((await rig.stack.subscriber(email))?.week).toBe(2);
  });

  it("stops claiming when the time budget runs low and the next pass picks up the rest", async () => {
    const at = await signUp(10);
    let budget = 5;
    const summary = await runPass(getContext(), {
      now: new Date(at),
      maxRate: 1000,
      concurrency: 1,
      reserveMs: 1,
      remainingMs: () => (budget-- > 0 ? 60_000 : 0),
    });
    expect(summary).toMatchObject({ due: 10, sent: 5, deferred: 5 });
    const next = await runPass(getContext(), { now: new Date(at + 15 * 60_000), maxRate: 1000 });
    expect(next).toMatchObject({ due: 5, sent: 5 });
    expect(programCounts()).toEqual(Array(10).fill(1));
  });

  it("sends nothing new when the same moment is passed twice", async () => {
    const at = await signUp(5);
    await runPass(getContext(), { now: new Date(at), maxRate: 1000 });
    const again = await runPass(getContext(), { now: new Date(at), maxRate: 1000 });
    expect(again).toMatchObject({ due: 0, sent: 0 });
    expect(programCounts()).toEqual(Array(5).fill(1));
  });

  it("reads only what is due, however many subscribers are not", async () => {
    // 60 people whose next email is a week away, whatever earlier tests left in the table
    const key = getContext().key;
    const bystanders = Array.from({ length: 60 }, (_, i) => subscriberItem(key, `bystander-${i}@example.com`, { state: "active" }));
    await putAll(new DynamoDBClient({}), LOCAL_TABLE, bystanders);
    const at = await signUp(3);
    await runPass(getContext(), { now: new Date(at), maxRate: 1000 }); // those three are now a week out too
    const due = await signUp(5);
    let read = 0;
    const ctx = getContext();
    const counting: Context = {
      ...ctx,
      store: {
        ...ctx.store,
        duePage: async (...args) => {
          const page = await ctx.store.duePage(...args);
          read += page.entries.length;
          return page;
        },
        get: async (id) => {
          read++;
          return ctx.store.get(id);
        },
      },
    };
    const summary = await runPass(counting, { now: new Date(due), maxRate: 1000 });
    expect(summary).toMatchObject({ due: 5, sent: 5 });
    // the planner only counts; the workers read the five due entries and nothing else
    expect(read).toBe(5);
    expect((await rig.stack.subscribers()).length).toBeGreaterThanOrEqual(68);
  });
});
