import type { DueCursor } from "../../functions/domain/ports";

/** An index entry: when the subscriber is due, and who. */
interface Slot {
  dueAt: number;
  pk: string;
}

/** DynamoDB's order in a shard of the due index: by `dueAt`, then (as the table key breaks ties) by id. */
const precedes = (a: Slot, b: Slot) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.pk < b.pk);

/** The first position in `list` whose slot does not precede `slot` (all before it do). */
function firstNotBefore(list: readonly Slot[], slot: Slot): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (precedes(list[mid]!, slot)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The first position in `list` due after `now`. */
const firstAfter = (list: readonly Slot[], now: number) => firstNotBefore(list, { dueAt: now, pk: "\uffff".repeat(4) });

/**
 * The due index in memory, as the table's write-sharded `byDue` index holds it: one sorted list
 * per shard, kept in order as items are written, so counting what is due and reading a page
 * cost a binary search, not a pass over every item (the scale benchmark holds a million).
 */
export function memoryDueIndex(shards: readonly string[], shardOf: (pk: string) => string) {
  const lists = new Map(shards.map((shard) => [shard, [] as Slot[]]));
  const listOf = (shard: string) => lists.get(shard) ?? [];
  return {
    /** An item's `dueAt` went from `before` to `after` (undefined: not in the index). */
    move(pk: string, before: number | undefined, after: number | undefined) {
      if (before === after) return;
      const list = listOf(shardOf(pk));
      if (before !== undefined) {
        const at = firstNotBefore(list, { dueAt: before, pk });
        if (list[at]?.pk === pk) list.splice(at, 1);
      }
      if (after !== undefined) list.splice(firstNotBefore(list, { dueAt: after, pk }), 0, { dueAt: after, pk });
    },
    /** Many items at once (filling a table): appended, then each shard sorted once. */
    load(slots: readonly Slot[]) {
      for (const slot of slots) listOf(shardOf(slot.pk)).push({ dueAt: slot.dueAt, pk: slot.pk });
      for (const list of lists.values()) list.sort((a, b) => (precedes(a, b) ? -1 : precedes(b, a) ? 1 : 0));
    },
    count(shard: string, now: number): number {
      return firstAfter(listOf(shard), now);
    },
    /** At most `limit` slots due by `now` after `after`, and whether the page stopped at its limit. */
    page(shard: string, now: number, limit: number, after?: DueCursor): { slots: Slot[]; full: boolean } {
      const list = listOf(shard);
      const start = after ? firstNotBefore(list, { dueAt: after.dueAt, pk: `${after.pk}\u0000` }) : 0;
      const end = Math.min(firstAfter(list, now), start + limit);
      const slots = list.slice(start, Math.max(start, end));
      return { slots, full: slots.length === limit };
    },
    first(): number | undefined {
      const firsts = [...lists.values()].flatMap((list) => (list.length ? [list[0]!.dueAt] : []));
      return firsts.length ? Math.min(...firsts) : undefined;
    },
  };
}
