import { outranks, type SuppressedStatus } from "../../functions/domain/subscriber/states";
import { storedChange, type Change, type PassTally, type Precondition, type StoredChange, type SubscriberStore } from "../../functions/domain/ports";
import {
  BUDGET_PREFIX,
  COUNTER_PREFIX,
  dueShardOf,
  PASS_PREFIX,
  SEND_CLOCK_KEY,
  SHARDS,
  SUPPRESSED_PREFIX,
} from "../../functions/adapters/dynamo/table-schema";
import type { Subscriber, SubscriberRecord } from "../../functions/domain/subscriber/subscriber";
import { memoryDueIndex } from "./memory-due-index";

/** An item as the table holds it: a subscriber, a counter (`limit#…`, `count`, `expiresAt`) or a marker (`suppressed#…`, `suppressed`). */
type Item = Record<string, unknown> & { pk: string };

/** What DynamoDB stores of a value written with `removeUndefinedValues`: no undefined, anywhere. */
function stored<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stored) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, stored(v)]),
    ) as T;
  }
  return value;
}

const copy = <T>(value: T): T => structuredClone(value);
const isNumber = (value: unknown): value is number => typeof value === "number";

/** DynamoDB's condition semantics: a comparison with an absent attribute (or one of another type) is false. */
function holds(item: Item | undefined, when: Precondition): item is Item {
  if (!item) return false;
  const { leaseUntil, week, dueAt } = item;
  if (when.status && !when.status.includes(item.status as Subscriber["status"])) return false;
  if (when.leaseId !== undefined && item.leaseId !== when.leaseId) return false;
  if (when.unleasedAt !== undefined && leaseUntil !== undefined && !(isNumber(leaseUntil) && leaseUntil < when.unleasedAt)) {
    return false;
  }
  if (when.week !== undefined && week !== when.week) return false;
  if (when.pastWeek !== undefined && !(isNumber(week) && week > when.pastWeek)) return false;
  if (when.dueBy !== undefined && !(isNumber(dueAt) && dueAt <= when.dueBy)) return false;
  if (when.nonce?.field === "pendingSignups") {
    const waiting = item.pendingSignups;
    if (!(waiting && typeof waiting === "object" && Object.hasOwn(waiting, when.nonce.has))) return false;
  } else if (when.nonce) {
    const { field, equals } = when.nonce;
    const pending = item.pendingSignup as { nonce?: unknown } | undefined;
    const actual = field === "pendingSignup" ? pending?.nonce : item[field];
    if (actual !== equals) return false;
  }
  if (when.olderThan) {
    const actual = item[when.olderThan.field];
    if (actual !== undefined && !(isNumber(actual) && actual < when.olderThan.before)) return false;
  }
  return true;
}

/** The attributes a change writes, as DynamoDB names them: one attribute twice is an invalid expression there. */
function touched(change: StoredChange): string[] {
  return [
    ...Object.entries(change.set ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key]) => key),
    ...(change.sentEmail ? ["sent"] : []),
    ...(change.checkin ? ["checkins"] : []),
    ...(change.remove ?? []),
  ];
}

function applied(item: Item, change: StoredChange): Item {
  const next = copy(item);
  for (const [key, value] of Object.entries(change.set ?? {})) if (value !== undefined) next[key] = stored(value);
  if (change.sentEmail) next.sent = [...((next.sent as unknown[] | undefined) ?? []), stored(change.sentEmail)];
  if (change.checkin) {
    const { week, checkin } = change.checkin;
    next.checkins = { ...((next.checkins as Record<string, unknown> | undefined) ?? {}), [String(week)]: stored(checkin) };
  }
  for (const key of change.remove ?? []) delete next[key];
  return next;
}

/** DynamoDB pages stop after `limit` items read and then say where to go on, even when nothing is left. */
function page<T>(read: T[], limit: number | undefined): { page: T[]; last?: T } {
  if (limit === undefined || read.length < limit) return { page: read };
  const page = read.slice(0, limit);
  return { page, last: page.at(-1) };
}

/** A stand-in for DynamoDB's parallel scan: which of `total` segments an id falls in (FNV-1a). */
function segmentOf(pk: string, total: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pk.length; i++) hash = Math.imul(hash ^ pk.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % total;
}

/**
 * The storage port in memory, behaving as `dynamoStore` does against DynamoDB (the contract
 * suite, `test/store-contract.test.ts`, runs the same tests against both): conditional
 * single-item writes, the sparse, sharded due index, counters, markers and the sender's ledger
 * beside the subscribers and hidden from scans, pages that stop after `limit` items read. Every
 * write and read copies, so nothing a caller holds can change what is stored. Each method runs
 * without yielding between its check and its write, so a condition is as atomic as DynamoDB's.
 */
export function memoryStore() {
  const items = new Map<string, Item>();
  const index = memoryDueIndex(SHARDS, dueShardOf);
  const dueOf = (item: Item | undefined) => (item && isNumber(item.dueAt) ? item.dueAt : undefined);
  const put = (pk: string, item: Item) => {
    index.move(pk, dueOf(items.get(pk)), dueOf(item));
    items.set(pk, item);
  };
  const drop = (pk: string) => {
    index.move(pk, dueOf(items.get(pk)), undefined);
    return items.delete(pk);
  };
  const byPk = () => [...items.values()].sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0));
  const numberAt = (pk: string, field: string) => Number(items.get(pk)?.[field] ?? 0);

  function write(id: string, change: StoredChange, when: Precondition): Item | undefined {
    const names = touched(change);
    if (names.length === 0) throw new Error("an update must change something");
    if (new Set(names).size !== names.length) throw new Error(`an update names one attribute twice: ${names.join(", ")}`);
    const item = items.get(id);
    if (!holds(item, when)) return undefined;
    const next = applied(item, change);
    put(id, next);
    return next;
  }

  const store: SubscriberStore = {
    async get(id) {
      const item = items.get(id);
      return item && (copy(item) as unknown as Subscriber);
    },

    async create(subscriber, replacing) {
      const current = items.get(subscriber.pk);
      if (current && !replacing.includes(current.status as Subscriber["status"])) return false;
      put(subscriber.pk, stored(copy(subscriber)) as unknown as Item);
      return true;
    },

    async update<S extends Subscriber>(id: string, change: Change<S>, when: Precondition) {
      const next = write(id, storedChange(change), when);
      return next && (copy(next) as unknown as S);
    },

    async apply(id, change, when) {
      return write(id, storedChange(change), when) !== undefined;
    },

    async countUp(name, limit, expiresAt) {
      const pk = `${COUNTER_PREFIX}${name}`;
      const counter = items.get(pk);
      const count = counter?.count;
      if (count !== undefined && !(isNumber(count) && count < limit)) return false;
      items.set(pk, {
        ...counter,
        pk,
        count: (isNumber(count) ? count : 0) + 1,
        expiresAt: counter?.expiresAt ?? Math.ceil(expiresAt.getTime() / 1000),
      });
      return true;
    },

    async counted(name) {
      return numberAt(`${COUNTER_PREFIX}${name}`, "count");
    },

    async markSuppressed(id, status) {
      const pk = `${SUPPRESSED_PREFIX}${id}`;
      const current = items.get(pk)?.suppressed as SuppressedStatus | undefined;
      if (current !== undefined && !outranks[status].includes(current)) return false;
      items.set(pk, { pk, suppressed: status });
      return true;
    },

    async suppressedStatusOf(id) {
      return items.get(`${SUPPRESSED_PREFIX}${id}`)?.suppressed as SuppressedStatus | undefined;
    },

    async remove(id) {
      return drop(id);
    },

    async removeExpired(id, nowSeconds) {
      const expiresAt = items.get(id)?.expiresAt;
      if (!(isNumber(expiresAt) && expiresAt <= nowSeconds)) return false;
      return drop(id);
    },

    dueShards: SHARDS,

    async countDue(shard, now) {
      return index.count(shard, now);
    },

    async duePage(shard, now, limit, after) {
      const { slots, full } = index.page(shard, now, limit, after);
      const last = slots.at(-1);
      return {
        entries: slots.map(({ pk, dueAt }) => ({ pk, dueAt, week: Number(items.get(pk)?.week) })),
        next: full && last ? { pk: last.pk, dueAt: last.dueAt } : undefined,
      };
    },

    async nextDueAt() {
      return index.first();
    },

    async scan(fields, cursor, limit, segment) {
      const read = byPk().filter((item) => (!cursor || item.pk > cursor.pk) && (!segment || segmentOf(item.pk, segment.total) === segment.index));
      const { page: found, last } = page(read, limit);
      const subscribers = found
        .filter((item) => item.status !== undefined)
        .map((item) => Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, copy(item[f])])));
      return {
        items: subscribers as Pick<SubscriberRecord, (typeof fields)[number]>[],
        next: last && { pk: last.pk },
      };
    },

    async openBudget(budget, allowance, expiresAt) {
      const pk = `${BUDGET_PREFIX}${budget}`;
      if (!items.has(pk)) {
        items.set(pk, { pk, left: Math.min(Math.max(0, allowance), Number.MAX_SAFE_INTEGER), expiresAt: Math.ceil(expiresAt.getTime() / 1000) });
      }
      return numberAt(pk, "left");
    },

    async takeBudget(budget, wanted) {
      const item = items.get(`${BUDGET_PREFIX}${budget}`);
      const taken = Math.max(0, Math.min(wanted, Number(item?.left ?? 0)));
      if (item && taken > 0) item.left = Number(item.left) - taken;
      return taken;
    },

    async returnBudget(budget, count) {
      const item = items.get(`${BUDGET_PREFIX}${budget}`);
      if (item && count > 0) item.left = Number(item.left) + count;
    },

    async reserveSends(count, spacingMs, now, horizonMs) {
      const span = count * spacingMs;
      const clock = items.get(SEND_CLOCK_KEY);
      const tat = clock?.tat;
      if (!isNumber(tat) || tat < now || tat > now + 2 * horizonMs) {
        items.set(SEND_CLOCK_KEY, { pk: SEND_CLOCK_KEY, tat: now + span });
        return now;
      }
      if (tat > now + horizonMs - span) return undefined;
      clock!.tat = tat + span;
      return tat;
    },

    async addTally(pass, tally, expiresAt) {
      const pk = `${PASS_PREFIX}${pass}`;
      const item = items.get(pk) ?? { pk, sent: 0, failed: 0, skipped: 0, workers: 0, expiresAt: Math.ceil(expiresAt.getTime() / 1000) };
      items.set(pk, {
        ...item,
        sent: Number(item.sent) + tally.sent,
        failed: Number(item.failed) + tally.failed,
        skipped: Number(item.skipped) + tally.skipped,
        workers: Number(item.workers) + 1,
      });
    },

    async passTally(pass) {
      const item = items.get(`${PASS_PREFIX}${pass}`);
      if (!item) return undefined;
      return { sent: Number(item.sent), failed: Number(item.failed), skipped: Number(item.skipped), workers: Number(item.workers) } satisfies PassTally;
    },
  };
  return Object.assign(store, {
    /** Fills the store with many subscribers at once, as a bulk load into the table would (no conditions): for benchmarks. */
    load(subscribers: readonly Subscriber[]) {
      const due: { pk: string; dueAt: number }[] = [];
      for (const subscriber of subscribers) {
        const item = stored(subscriber) as unknown as Item;
        if (items.has(item.pk)) throw new Error("load: an item with this id is already stored");
        items.set(item.pk, item);
        if (isNumber(item.dueAt)) due.push({ pk: item.pk, dueAt: item.dueAt });
      }
      index.load(due);
    },
  });
}
