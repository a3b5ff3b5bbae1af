import type { DueCursor, DueEntry, SendLedger, DueIndex } from "../ports";
import type { DueSource } from "./deliver";
import type { ShardMessage } from "./shard-message";

/**
 * One shard's due entries for its worker, a page at a time: the worker holds one page and reads
 * the next (from where the last ended) as the last of it goes out, never the whole shard. It
 * hands out no more than the message's share, and only entries the pass's budget covers: each
 * page takes from the budget as many as it holds (one write), an entry that didn't go out gives
 * its part back to the next page, and `close` returns what is left.
 */
export function shardSource(store: DueIndex & Pick<SendLedger, "takeBudget" | "returnBudget">, message: ShardMessage, pageSize: number, lanes: number) {
  const buffer: DueEntry[] = [];
  let after: DueCursor | undefined;
  /** the shard may hold more due entries after `after`, and the budget isn't spent */
  let more = true;
  /** budget taken and not attached to an entry */
  let held = 0;
  /** entries handed out whose send isn't settled yet */
  let outstanding = 0;
  let sent = 0;
  let fetching: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let settledOnce = new Promise<void>((resolve) => (wake = resolve));

  /** how many more this worker may still take on */
  const room = () => message.share - sent - outstanding - buffer.length;

  async function fetchPage(): Promise<void> {
    const limit = Math.min(pageSize, room());
    if (limit <= 0) return;
    const page = await store.duePage(message.shard, message.at, limit, after);
    after = page.next;
    if (!page.next) more = false;
    const need = page.entries.length - held;
    if (need > 0) held += await store.takeBudget(message.budget, need);
    const covered = Math.min(page.entries.length, held);
    held -= covered;
    buffer.push(...page.entries.slice(0, covered));
    if (covered < page.entries.length) more = false; // the pass's budget is spent
  }
  const fetchOnce = () => (fetching ??= fetchPage().finally(() => (fetching = undefined)));

  return {
    async next(): Promise<DueEntry | undefined> {
      for (;;) {
        const entry = buffer.shift();
        if (entry) {
          outstanding++;
          if (more && buffer.length < lanes) void fetchOnce().catch(() => undefined); // read ahead; a failure shows on the next read
          return entry;
        }
        if (!more) return undefined;
        if (room() <= 0) {
          if (outstanding === 0) return undefined;
          await settledOnce; // an entry given back makes room again
          continue;
        }
        await fetchOnce();
      }
    },
    /** At most how many more this worker may send: what it holds or has handed out, and a page more while the shard goes on. */
    mayStillSend(): number {
      return Math.min(message.share - sent, outstanding + buffer.length + (more ? pageSize : 0));
    },
    settle(wasSent: boolean) {
      outstanding--;
      if (wasSent) sent++;
      else held++;
      wake?.();
      settledOnce = new Promise<void>((resolve) => (wake = resolve));
    },
    /** Returns the budget this worker took and didn't spend. */
    async close(): Promise<void> {
      await fetching?.catch(() => undefined);
      const unspent = held + buffer.length;
      held = 0;
      buffer.length = 0;
      await store.returnBudget(message.budget, unspent);
    },
  } satisfies DueSource & { close(): Promise<void>; mayStillSend(): number };
}
