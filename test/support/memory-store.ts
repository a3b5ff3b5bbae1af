import { outranks, type SuppressedStatus } from "../../functions/domain/subscriber/states";
import { storedChange, type Change, type DueEntry, type Precondition, type StoredChange, type SubscriberStore } from "../../functions/domain/ports";
import { COUNTER_PREFIX, SUPPRESSED_PREFIX } from "../../functions/adapters/dynamo/table-schema";
import type { Subscriber, SubscriberRecord } from "../../functions/domain/subscriber/subscriber";

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

/**
 * The storage port in memory, behaving as `dynamoStore` does against DynamoDB (the contract
 * suite, `test/store-contract.test.ts`, runs the same tests against both): conditional
 * single-item writes, the sparse due index, counters beside the subscribers and
 * hidden from scans, pages that stop after `limit` items read. Every write and read copies, so
 * nothing a caller holds can change what is stored. Each method runs without yielding between
 * its check and its write, so a condition is as atomic as DynamoDB's.
 */
export function memoryStore(): SubscriberStore {
  const items = new Map<string, Item>();
  const byPk = () => [...items.values()].sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0));
  /** the due index: every item with a numeric `dueAt`, earliest first */
  const scheduled = (): DueEntry[] =>
    [...items.values()]
      .filter((item) => isNumber(item.dueAt))
      .map((item) => ({ pk: item.pk, dueAt: item.dueAt as number, week: Number(item.week) }))
      .sort((a, b) => a.dueAt - b.dueAt || (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0));

  return {
    async get(id) {
      const item = items.get(id);
      return item && (copy(item) as unknown as Subscriber);
    },

    async create(subscriber, replacing) {
      const current = items.get(subscriber.pk);
      if (current && !replacing.includes(current.status as Subscriber["status"])) return false;
      items.set(subscriber.pk, stored(copy(subscriber)) as unknown as Item);
      return true;
    },

    async update<S extends Subscriber>(id: string, typed: Change<S>, when: Precondition) {
      const change = storedChange(typed);
      const names = touched(change);
      if (names.length === 0) throw new Error("an update must change something");
      if (new Set(names).size !== names.length) throw new Error(`an update names one attribute twice: ${names.join(", ")}`);
      const item = items.get(id);
      if (!holds(item, when)) return undefined;
      const next = applied(item, change);
      items.set(id, next);
      return copy(next) as unknown as S;
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
      return Number(items.get(`${COUNTER_PREFIX}${name}`)?.count ?? 0);
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
      return items.delete(id);
    },

    async removeExpired(id, nowSeconds) {
      const expiresAt = items.get(id)?.expiresAt;
      if (!(isNumber(expiresAt) && expiresAt <= nowSeconds)) return false;
      return items.delete(id);
    },

    async due(now) {
      return scheduled().filter((entry) => entry.dueAt <= now);
    },

    async nextDueAt() {
      return scheduled()[0]?.dueAt;
    },

    async scan(fields, cursor, limit) {
      const read = byPk().filter((item) => !cursor || item.pk > cursor.pk);
      const { page: found, last } = page(read, limit);
      const subscribers = found
        .filter((item) => item.status !== undefined)
        .map((item) => Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, copy(item[f])])));
      return {
        items: subscribers as Pick<SubscriberRecord, (typeof fields)[number]>[],
        next: last && { pk: last.pk },
      };
    },
  };
}
