import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dynamoStore } from "../functions/adapters/dynamo/store";
import { memoryStore } from "./support/memory-store";
import type { Change, Precondition, ScanCursor, SubscriberStore } from "../functions/domain/ports";
import type { Subscriber, SubscriberRecord } from "../functions/domain/subscriber/subscriber";
import type { StoredSubscriber } from "./support/memory-stack";
import { ensureTable, startDynalite } from "../infra/dev/dynamo";
import { freePort } from "./support/stack";

/**
 * The storage port's contract: one suite, run against the in-memory adapter and against the
 * DynamoDB adapter on a real dynalite, so the two can't drift apart. Each test gets an empty
 * store (a table of its own on dynalite).
 */

let dynalite: Server | undefined;
let client: DynamoDBClient | undefined;
let tables = 0;

beforeAll(async () => {
  const port = await freePort();
  dynalite = await startDynalite(port);
  client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
});

afterAll(async () => {
  client?.destroy();
  await new Promise((done) => dynalite?.close(done));
});

const adapters: [string, () => Promise<SubscriberStore>][] = [
  ["memory", async () => memoryStore()],
  [
    "dynamo (dynalite)",
    async () => {
      const name = `contract-${++tables}`;
      await ensureTable(client!, name);
      return dynamoStore(client!, name);
    },
  ],
];

const newId = () => randomBytes(16).toString("base64url");

function subscriber(extra: Partial<SubscriberRecord> = {}): StoredSubscriber {
  return {
    pk: newId(),
    email: "reader@example.org",
    status: "active",
    answers: ["sleep"],
    flags: [],
    tz: "Europe/Berlin",
    consentAt: "2026-01-01T00:00:00.000Z",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...extra,
    // a raw item, whatever its status keeps: this contract is about the table, not the lifecycle
  } as StoredSubscriber;
}

describe.each(adapters)("the storage port, %s", (_name, open) => {
  let store: SubscriberStore;
  const fresh = async () => {
    store = await open();
  };

  /** Stores `item` and tries `change` under `when`; true if it went through (and the item shows it). */
  async function applies(item: Partial<Subscriber>, when: Precondition): Promise<boolean> {
    const s = subscriber(item);
    await store.create(s, []);
    const result = await store.update(s.pk, { set: { updatedAt: "changed" } }, when);
    const after = await store.get(s.pk);
    expect(after?.updatedAt).toBe(result ? "changed" : s.updatedAt);
    return result !== undefined;
  }

  describe("get and create", () => {
    test("get of an id never written is undefined", async () => {
      await fresh();
      expect(await store.get(newId())).toBeUndefined();
    });

    test("create writes a new item, which get returns as written, without the undefined fields", async () => {
      await fresh();
      const s = subscriber({ confirmedAt: undefined, checkins: { "1": { score: 4, note: undefined, at: "t" } } });
      expect(await store.create(s, [])).toBe(true);
      const got = await store.get(s.pk);
      expect(got).toStrictEqual(subscriber({ pk: s.pk, checkins: { "1": { score: 4, at: "t" } } }));
      expect(Object.keys(got!)).not.toContain("confirmedAt");
    });

    test("what get returned can be changed without changing what is stored", async () => {
      await fresh();
      const s = subscriber({ program: ["a", "b"] });
      await store.create(s, []);
      const got = (await store.get(s.pk))!;
      got.program!.push("c");
      got.status = "bounced";
      s.answers.push("mood");
      expect(await store.get(s.pk)).toMatchObject({ status: "active", program: ["a", "b"], answers: ["sleep"] });
    });

    test("create refuses an existing item whose status is not one it may replace, and changes nothing", async () => {
      await fresh();
      const s = subscriber({ status: "active", week: 3 });
      await store.create(s, []);
      expect(await store.create({ ...subscriber({ pk: s.pk, status: "pending" }) }, [])).toBe(false);
      expect(await store.create({ ...subscriber({ pk: s.pk, status: "pending" }) }, ["unsubscribed", "completed"])).toBe(false);
      expect(await store.get(s.pk)).toMatchObject({ status: "active", week: 3 });
    });

    test("create replaces an item whose status it may replace, entirely", async () => {
      await fresh();
      const s = subscriber({ status: "unsubscribed", week: 5, statusReason: "left" });
      await store.create(s, []);
      const again = subscriber({ pk: s.pk, status: "pending", answers: ["mood"] });
      expect(await store.create(again, ["unsubscribed", "completed"])).toBe(true);
      expect(await store.get(s.pk)).toStrictEqual(again);
    });

    test("of two concurrent creates of one new id, exactly one wins", async () => {
      await fresh();
      const pk = newId();
      const tries = ["Europe/Berlin", "Asia/Tokyo", "America/Lima", "UTC", "Africa/Accra"].map((tz) => subscriber({ pk, tz }));
      const won = await Promise.all(tries.map((s) => store.create(s, [])));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await store.get(pk))?.tz).toBe(tries[won.indexOf(true)]!.tz);
    });
  });

  describe("update", () => {
    test("of an id never written is undefined and writes nothing", async () => {
      await fresh();
      const pk = newId();
      expect(await store.update(pk, { set: { week: 2 } }, {})).toBeUndefined();
      expect(await store.get(pk)).toBeUndefined();
    });

    test("sets and removes fields and returns the whole new item; an undefined value leaves its field alone", async () => {
      await fresh();
      const s = subscriber({ week: 1, leaseId: "l", leaseUntil: 5, statusReason: "kept" });
      await store.create(s, []);
      const change: Change = { set: { week: 2, statusReason: undefined, tz: "UTC" }, remove: ["leaseId", "leaseUntil"] };
      const { leaseId: _l, leaseUntil: _u, ...rest } = s;
      const expected = { ...rest, week: 2, tz: "UTC" };
      expect(await store.update(s.pk, change, {})).toStrictEqual(expected);
      expect(await store.get(s.pk)).toStrictEqual(expected);
    });

    test("appends to the sent history, creating it on the first send", async () => {
      await fresh();
      const s = subscriber();
      await store.create(s, []);
      const first = { week: 1, template: "w1", at: "t1", messageId: "m1" };
      const second = { week: 2, template: "w2", at: "t2", messageId: "m2" };
      expect((await store.update(s.pk, { sentEmail: first }, {}))?.sent).toStrictEqual([first]);
      expect((await store.update(s.pk, { sentEmail: second, set: { week: 3 } }, {}))?.sent).toStrictEqual([first, second]);
    });

    test("records one week's check-in, creating the check-ins, keeping the other weeks, replacing that week's", async () => {
      await fresh();
      const s = subscriber();
      await store.create(s, []);
      const into = (week: number, score: number) => store.update(s.pk, { checkin: { week, checkin: { score, at: "t" } } }, {});
      expect((await into(1, 7))?.checkins).toStrictEqual({ "1": { score: 7, at: "t" } });
      expect((await into(2, 5))?.checkins).toStrictEqual({ "1": { score: 7, at: "t" }, "2": { score: 5, at: "t" } });
      expect((await into(2, 3))?.checkins).toStrictEqual({ "1": { score: 7, at: "t" }, "2": { score: 3, at: "t" } });
    });

    test("refuses a change that names one attribute twice, or none, and changes nothing", async () => {
      await fresh();
      const s = subscriber({ week: 1 });
      await store.create(s, []);
      await expect(store.update(s.pk, { set: { week: 2 }, remove: ["week"] }, {})).rejects.toThrow();
      await expect(store.update(s.pk, {}, {})).rejects.toThrow();
      expect(await store.get(s.pk)).toStrictEqual(s);
    });
  });

  describe("each precondition holds or refuses the write", () => {
    test("status: one of those named", async () => {
      await fresh();
      expect(await applies({ status: "paused" }, { status: ["active", "paused"] })).toBe(true);
      expect(await applies({ status: "unsubscribed" }, { status: ["active", "paused"] })).toBe(false);
    });

    test("leaseId: exactly this lease", async () => {
      await fresh();
      expect(await applies({ leaseId: "mine" }, { leaseId: "mine" })).toBe(true);
      expect(await applies({ leaseId: "theirs" }, { leaseId: "mine" })).toBe(false);
      expect(await applies({}, { leaseId: "mine" })).toBe(false);
    });

    test("unleasedAt: no lease, or one that ran out before then", async () => {
      await fresh();
      expect(await applies({}, { unleasedAt: 100 })).toBe(true);
      expect(await applies({ leaseId: "l", leaseUntil: 99 }, { unleasedAt: 100 })).toBe(true);
      expect(await applies({ leaseId: "l", leaseUntil: 100 }, { unleasedAt: 100 })).toBe(false);
      expect(await applies({ leaseId: "l", leaseUntil: 101 }, { unleasedAt: 100 })).toBe(false);
    });

    test("week: exactly this week", async () => {
      await fresh();
      expect(await applies({ week: 3 }, { week: 3 })).toBe(true);
      expect(await applies({ week: 4 }, { week: 3 })).toBe(false);
      expect(await applies({}, { week: 3 })).toBe(false);
    });

    test("pastWeek: the program has moved past this week", async () => {
      await fresh();
      expect(await applies({ week: 4 }, { pastWeek: 3 })).toBe(true);
      expect(await applies({ week: 3 }, { pastWeek: 3 })).toBe(false);
      expect(await applies({}, { pastWeek: 3 })).toBe(false);
    });

    test("dueBy: scheduled at or before then", async () => {
      await fresh();
      expect(await applies({ dueAt: 100 }, { dueBy: 100 })).toBe(true);
      expect(await applies({ dueAt: 99 }, { dueBy: 100 })).toBe(true);
      expect(await applies({ dueAt: 101 }, { dueBy: 100 })).toBe(false);
      expect(await applies({}, { dueBy: 100 })).toBe(false);
    });

    test("nonce of the signup: exactly this one, or none at all", async () => {
      await fresh();
      const is = (equals: string | undefined): Precondition => ({ nonce: { field: "signupNonce", equals } });
      expect(await applies({ signupNonce: "n1" }, is("n1"))).toBe(true);
      expect(await applies({ signupNonce: "n2" }, is("n1"))).toBe(false);
      expect(await applies({}, is("n1"))).toBe(false);
      expect(await applies({}, is(undefined))).toBe(true);
      expect(await applies({ signupNonce: "n1" }, is(undefined))).toBe(false);
    });

    test("a signup waiting under this nonce, among others, and nowhere else", async () => {
      await fresh();
      const pending = (nonce: string) => ({ answers: [], flags: [], tz: "UTC", consentAt: "c", nonce, at: "a" });
      const has = (nonce: string): Precondition => ({ nonce: { field: "pendingSignups", has: nonce } });
      const waiting = { pendingSignups: { p1: pending("p1"), "p-2_x": pending("p-2_x") } };
      expect(await applies(waiting, has("p1"))).toBe(true);
      expect(await applies(waiting, has("p-2_x"))).toBe(true);
      expect(await applies(waiting, has("p3"))).toBe(false);
      expect(await applies({ pendingSignups: {} }, has("p1"))).toBe(false);
      expect(await applies({}, has("p1"))).toBe(false);
      expect(await applies({ signupNonce: "p1", pendingSignup: pending("p1") }, has("p1"))).toBe(false);
      // a name every object has is no waiting signup
      expect(await applies(waiting, has("constructor"))).toBe(false);
    });

    test("nonce of the pending signup a version before kept: exactly this one, or no pending signup", async () => {
      await fresh();
      const pending = (nonce: string) => ({ answers: [], flags: [], tz: "UTC", consentAt: "c", nonce, at: "a" });
      const is = (equals: string | undefined): Precondition => ({ nonce: { field: "pendingSignup", equals } });
      expect(await applies({ pendingSignup: pending("p1") }, is("p1"))).toBe(true);
      expect(await applies({ pendingSignup: pending("p2") }, is("p1"))).toBe(false);
      expect(await applies({ signupNonce: "p1" }, is("p1"))).toBe(false);
      expect(await applies({}, is(undefined))).toBe(true);
      expect(await applies({ pendingSignup: pending("p1") }, is(undefined))).toBe(false);
    });

    test("olderThan: the timestamp is absent or earlier", async () => {
      await fresh();
      for (const field of ["confirmSentAt", "noticeSentAt", "dataLinkSentAt"] as const) {
        const when: Precondition = { olderThan: { field, before: 100 } };
        expect(await applies({}, when)).toBe(true);
        expect(await applies({ [field]: 99 }, when)).toBe(true);
        expect(await applies({ [field]: 100 }, when)).toBe(false);
        expect(await applies({ [field]: 101 }, when)).toBe(false);
      }
    });

    test("all the parts given must hold", async () => {
      await fresh();
      const when: Precondition = { status: ["active"], week: 2, dueBy: 100, unleasedAt: 100 };
      expect(await applies({ status: "active", week: 2, dueAt: 50 }, when)).toBe(true);
      expect(await applies({ status: "paused", week: 2, dueAt: 50 }, when)).toBe(false);
      expect(await applies({ status: "active", week: 3, dueAt: 50 }, when)).toBe(false);
      expect(await applies({ status: "active", week: 2, dueAt: 150 }, when)).toBe(false);
      expect(await applies({ status: "active", week: 2, dueAt: 50, leaseUntil: 200 }, when)).toBe(false);
    });

    test("of concurrent updates under the same precondition, exactly one wins", async () => {
      await fresh();
      const s = subscriber({ week: 2, dueAt: 50 });
      await store.create(s, []);
      const passes = ["a", "b", "c", "d", "e", "f"];
      const claims = await Promise.all(
        passes.map((leaseId) =>
          store.update(s.pk, { set: { leaseId, leaseUntil: 1_000 } }, { status: ["active"], week: 2, dueBy: 100, unleasedAt: 100 }),
        ),
      );
      const won = claims.filter((c) => c !== undefined);
      expect(won).toHaveLength(1);
      expect((await store.get(s.pk))?.leaseId).toBe(won[0]!.leaseId);
    });

    test("of concurrent check-ins into an item with no map yet, every one lands", async () => {
      await fresh();
      const s = subscriber({ week: 5 });
      await store.create(s, []);
      const weeks = ["1", "2", "3", "4"];
      await Promise.all(
        weeks.map((key) => store.update(s.pk, { checkin: { week: Number(key), checkin: { score: 3, at: "t" } } }, { pastWeek: 4 })),
      );
      expect(Object.keys((await store.get(s.pk))?.checkins ?? {}).sort()).toStrictEqual(weeks);
    });
  });

  describe("counters", () => {
    test("count up to the limit and no further; counted says how far", async () => {
      await fresh();
      const until = new Date("2026-03-01T10:00:00.500Z");
      expect(await store.counted("ip#1")).toBe(0);
      expect(await store.countUp("ip#1", 2, until)).toBe(true);
      expect(await store.countUp("ip#1", 2, until)).toBe(true);
      expect(await store.countUp("ip#1", 2, until)).toBe(false);
      expect(await store.counted("ip#1")).toBe(2);
      expect(await store.counted("ip#2")).toBe(0);
    });

    test("concurrent callers never take more than the limit between them", async () => {
      await fresh();
      const until = new Date("2026-03-01T10:00:00Z");
      const taken = await Promise.all(Array.from({ length: 10 }, () => store.countUp("global", 3, until)));
      expect(taken.filter(Boolean)).toHaveLength(3);
      expect(await store.counted("global")).toBe(3);
    });

    test("a counter expires when its first count said (in whole seconds, rounded up), and is then gone", async () => {
      await fresh();
      await store.countUp("hour", 5, new Date(10_000_500));
      await store.countUp("hour", 5, new Date(99_000_000));
      expect(await store.removeExpired("limit#hour", 10_000)).toBe(false);
      expect(await store.removeExpired("limit#hour", 10_001)).toBe(true);
      expect(await store.counted("hour")).toBe(0);
    });

    test("are no subscribers: a scan never shows one", async () => {
      await fresh();
      await store.countUp("ip#x", 5, new Date(1_000_000));
      const s = subscriber();
      await store.create(s, []);
      expect(await scanAll(["pk", "status"])).toStrictEqual([{ pk: s.pk, status: "active" }]);
    });
  });

  describe("suppression markers", () => {
    test("an id never marked is not suppressed; marking says so, and a repeat changes nothing", async () => {
      await fresh();
      const id = newId();
      expect(await store.suppressedStatusOf(id)).toBeUndefined();
      expect(await store.markSuppressed(id, "bounced")).toBe(true);
      expect(await store.suppressedStatusOf(id)).toBe("bounced");
      expect(await store.markSuppressed(id, "bounced")).toBe(false);
      expect(await store.suppressedStatusOf(id)).toBe("bounced");
      expect(await store.suppressedStatusOf(newId())).toBeUndefined();
    });

    test("a complaint outranks a bounce, and a later bounce never downgrades a complaint", async () => {
      await fresh();
      const bouncedFirst = newId();
      await store.markSuppressed(bouncedFirst, "bounced");
      expect(await store.markSuppressed(bouncedFirst, "complained")).toBe(true);
      expect(await store.suppressedStatusOf(bouncedFirst)).toBe("complained");
      expect(await store.markSuppressed(bouncedFirst, "complained")).toBe(false);

      const complainedFirst = newId();
      expect(await store.markSuppressed(complainedFirst, "complained")).toBe(true);
      expect(await store.markSuppressed(complainedFirst, "bounced")).toBe(false);
      expect(await store.suppressedStatusOf(complainedFirst)).toBe("complained");
    });

    test("of concurrent marks of one id, exactly one changes it", async () => {
      await fresh();
      const id = newId();
      const marked = await Promise.all(Array.from({ length: 5 }, () => store.markSuppressed(id, "complained")));
      expect(marked.filter(Boolean)).toHaveLength(1);
    });

    test("stand beside the item and outlive it: not the item, never scanned, never expired", async () => {
      await fresh();
      const s = subscriber({ status: "bounced", expiresAt: 1_000 });
      await store.create(s, []);
      await store.markSuppressed(s.pk, "bounced");
      expect(await store.get(s.pk)).toEqual(s);
      expect(await scanAll(["pk", "status"])).toStrictEqual([{ pk: s.pk, status: "bounced" }]);
      expect(await store.removeExpired(`suppressed#${s.pk}`, 2_000_000_000)).toBe(false);
      expect(await store.removeExpired(s.pk, 2_000)).toBe(true);
      expect(await store.remove(s.pk)).toBe(false);
      expect(await store.suppressedStatusOf(s.pk)).toBe("bounced");
      expect(await scanAll(["pk"])).toStrictEqual([]);
    });
  });

  describe("remove and removeExpired", () => {
    test("remove deletes the item, and says whether there was one", async () => {
      await fresh();
      const s = subscriber();
      await store.create(s, []);
      expect(await store.remove(s.pk)).toBe(true);
      expect(await store.get(s.pk)).toBeUndefined();
      expect(await store.remove(s.pk)).toBe(false);
    });

    test("removeExpired deletes only an item whose expiresAt is at or before now", async () => {
      await fresh();
      const never = subscriber();
      const later = subscriber({ expiresAt: 101 });
      const now = subscriber({ expiresAt: 100 });
      const past = subscriber({ expiresAt: 50 });
      for (const s of [never, later, now, past]) await store.create(s, []);
      expect(await store.removeExpired(never.pk, 100)).toBe(false);
      expect(await store.removeExpired(later.pk, 100)).toBe(false);
      expect(await store.removeExpired(now.pk, 100)).toBe(true);
      expect(await store.removeExpired(past.pk, 100)).toBe(true);
      expect(await store.removeExpired(newId(), 100)).toBe(false);
      expect(await store.get(never.pk)).toBeDefined();
      expect(await store.get(later.pk)).toBeDefined();
      expect(await store.get(now.pk)).toBeUndefined();
      expect(await store.get(past.pk)).toBeUndefined();
    });
  });

  async function scanAll<K extends keyof SubscriberRecord>(fields: readonly K[], limit?: number) {
    const seen: Pick<SubscriberRecord, K>[] = [];
    let cursor: ScanCursor | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const { items, next } = await store.scan(fields, cursor, limit);
      if (limit !== undefined) expect(items.length).toBeLessThanOrEqual(limit);
      seen.push(...items);
      if (!next) return seen;
      cursor = next;
    }
    throw new Error("the scan never ran out of pages");
  }

  describe("the due index", () => {
    test("holds only what is scheduled by then, earliest first, with its week", async () => {
      await fresh();
      const a = subscriber({ dueAt: 300, week: 2 });
      const b = subscriber({ dueAt: 100, week: 5 });
      const c = subscriber({ dueAt: 200, week: 1 });
      const later = subscriber({ dueAt: 1_000, week: 1 });
      const unscheduled = subscriber({ week: 3 });
      for (const s of [a, b, c, later, unscheduled]) await store.create(s, []);
      expect(await store.due(500)).toStrictEqual([
        { pk: b.pk, dueAt: 100, week: 5 },
        { pk: c.pk, dueAt: 200, week: 1 },
        { pk: a.pk, dueAt: 300, week: 2 },
      ]);
      expect(await store.due(99)).toStrictEqual([]);
    });

    test("is sparse: an item leaves it when its due time is removed, and comes back when it is set", async () => {
      await fresh();
      const s = subscriber({ dueAt: 100, week: 2 });
      await store.create(s, []);
      await store.update(s.pk, { remove: ["dueAt"] }, {});
      expect(await store.due(500)).toStrictEqual([]);
      expect(await store.nextDueAt()).toBeUndefined();
      await store.update(s.pk, { set: { dueAt: 200, week: 3 } }, {});
      expect(await store.due(500)).toStrictEqual([{ pk: s.pk, dueAt: 200, week: 3 }]);
    });

    test("reads every due item exactly once whatever the page size, ties on the due time included", async () => {
      await fresh();
      const items = [100, 100, 100, 200, 200, 300, 400, 100, 250, 300].map((dueAt, i) => subscriber({ dueAt, week: i }));
      for (const s of items) await store.create(s, []);
      const expected = items.filter((s) => s.dueAt! <= 350);
      for (const pageSize of [1, 2, 3, 7, 500]) {
        const seen = await store.due(350, pageSize);
        expect(seen.map((e) => e.pk).sort()).toStrictEqual(expected.map((s) => s.pk).sort());
        expect(seen.map((e) => e.dueAt)).toStrictEqual(expected.map((s) => s.dueAt).sort((x, y) => x! - y!));
      }
    });

    test("knows when the earliest scheduled email is due, whenever that is", async () => {
      await fresh();
      expect(await store.nextDueAt()).toBeUndefined();
      for (const dueAt of [5_000, 700, 9_000_000]) await store.create(subscriber({ dueAt, week: 1 }), []);
      await store.create(subscriber({ week: 1 }), []);
      expect(await store.nextDueAt()).toBe(700);
    });

    test("keeps its own layout to itself: an item reads back exactly as written, scheduled or not", async () => {
      await fresh();
      const scheduled = subscriber({ dueAt: 100, week: 2 });
      await store.create(scheduled, []);
      expect(await store.get(scheduled.pk)).toStrictEqual(scheduled);
      const moved = await store.update(scheduled.pk, { set: { dueAt: 400 } }, {});
      expect(moved).toStrictEqual({ ...scheduled, dueAt: 400 });
      const [seen] = await scanAll(["pk", "dueAt"]);
      expect(seen).toStrictEqual({ pk: scheduled.pk, dueAt: 400 });
    });
  });

  describe("scan", () => {
    test("pages through every subscriber exactly once, with only the fields named", async () => {
      await fresh();
      const items = Array.from({ length: 7 }, (_, i) => subscriber({ week: i, status: i % 2 ? "active" : "completed" }));
      for (const s of items) await store.create(s, []);
      await store.countUp("ip#a", 5, new Date(1_000_000));
      await store.countUp("ip#b", 5, new Date(1_000_000));
      const expected = items.map((s) => ({ pk: s.pk, status: s.status, week: s.week })).sort((x, y) => (x.pk < y.pk ? -1 : 1));
      for (const limit of [1, 2, 3, 9, undefined]) {
        const seen = await scanAll(["pk", "status", "week"], limit);
        expect(seen.sort((x, y) => (x.pk < y.pk ? -1 : 1))).toStrictEqual(expected);
      }
    });

    test("leaves out a field an item doesn't have, rather than showing it empty", async () => {
      await fresh();
      const s = subscriber();
      await store.create(s, []);
      const [item] = await scanAll(["pk", "confirmedAt", "checkins"]);
      expect(item).toStrictEqual({ pk: s.pk });
    });
  });
});
