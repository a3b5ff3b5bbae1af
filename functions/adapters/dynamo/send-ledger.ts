import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { PassTally, SendLedger } from "../../domain/ports";
import type { Table } from "./documents";
import { unlessConditionFails } from "./expression";
import { BUDGET_PREFIX, PASS_PREFIX, SEND_CLOCK_KEY, subscribersTable } from "./table-schema";

const epochSeconds = (at: Date) => Math.ceil(at.getTime() / 1000);
/** DynamoDB stores no Infinity: an unlimited budget is the largest whole number a double holds exactly. */
const finite = (count: number) => Math.min(count, Number.MAX_SAFE_INTEGER);

/**
 * The send ledger on DynamoDB: three kinds of item, each changed only by single conditional or
 * atomic updates, so concurrent workers never read-modify-write. The budget is counted down with
 * `ADD` if enough is left; the send clock keeps `tat`, the time (epoch ms) after the last send
 * reserved, and moves it with `ADD` while it is ahead of now, or restarts it at now when it
 * fell behind; the tally is counted up with `ADD`.
 */
export function sendLedger({ db, name }: Table): SendLedger {
  const ttl = subscribersTable.ttl;
  /** where this process last saw the send clock (epoch ms) */
  let seenTat = 0;
  const update = (pk: string, input: Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName" | "Key">) =>
    db.send(new UpdateCommand({ TableName: name, Key: { pk }, ...input }));
  const read = async (pk: string) => (await db.send(new GetCommand({ TableName: name, Key: { pk }, ConsistentRead: true }))).Item;

  return {
    async openBudget(budget, allowance, expiresAt) {
      const { Attributes } = await update(`${BUDGET_PREFIX}${budget}`, {
        UpdateExpression: "SET #left = if_not_exists(#left, :allowance), #expires = if_not_exists(#expires, :expires)",
        ExpressionAttributeNames: { "#left": "left", "#expires": ttl },
        ExpressionAttributeValues: { ":allowance": finite(Math.max(0, allowance)), ":expires": epochSeconds(expiresAt) },
        ReturnValues: "UPDATED_NEW",
      });
      return Number(Attributes?.left ?? 0);
    },

    async takeBudget(budget, wanted) {
      const pk = `${BUDGET_PREFIX}${budget}`;
      for (let want = wanted; want > 0; ) {
        const taken = await unlessConditionFails(
          update(pk, {
            UpdateExpression: "ADD #left :minus",
            ConditionExpression: "#left >= :want",
            ExpressionAttributeNames: { "#left": "left" },
            ExpressionAttributeValues: { ":minus": -want, ":want": want },
          }),
        );
        if (taken) return want;
        // less than that is left: take what is (another worker may take it first, then try again)
        want = Math.min(want, Number((await read(pk))?.left ?? 0));
      }
      return 0;
    },

    async returnBudget(budget, count) {
      if (count <= 0) return;
      await unlessConditionFails(
        update(`${BUDGET_PREFIX}${budget}`, {
          UpdateExpression: "ADD #left :count",
          ConditionExpression: "attribute_exists(#left)",
          ExpressionAttributeNames: { "#left": "left" },
          ExpressionAttributeValues: { ":count": count },
        }),
      );
    },

    async reserveSends(count, spacingMs, now, horizonMs) {
      const span = count * spacingMs;
      const names = { "#tat": "tat" };
      // the clock ahead of now (another worker's sends are booked): take the next `count` after them
      const extend = () =>
        unlessConditionFails(
          update(SEND_CLOCK_KEY, {
            UpdateExpression: "ADD #tat :span",
            ConditionExpression: "#tat >= :now AND #tat <= :latest",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ":span": span, ":now": now, ":latest": now + horizonMs - span },
            ReturnValues: "UPDATED_NEW",
          }),
        );
      // the clock behind now (nothing booked), or further ahead than any booking could have put it
      // (a worker whose clock was wrong): start it again at now
      const restart = () =>
        unlessConditionFails(
          update(SEND_CLOCK_KEY, {
            UpdateExpression: "SET #tat = :next",
            ConditionExpression: "attribute_not_exists(#tat) OR #tat < :now OR #tat > :beyond",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ":next": now + span, ":now": now, ":beyond": now + 2 * horizonMs },
          }),
        );
      // first the update this process expects to hold, from where it last saw the clock: a refused
      // condition costs a round trip and an error; then the other; then the first again (another
      // worker may have restarted the clock in between)
      const booked = async (how: "extend" | "restart") => {
        if (how === "restart") {
          if (!(await restart())) return undefined;
          seenTat = now + span;
          return now;
        }
        const extended = await extend();
        if (!extended) return undefined;
        seenTat = Number(extended.Attributes?.tat);
        return seenTat - span;
      };
      const first = seenTat >= now ? "extend" : "restart";
      const second = first === "extend" ? "restart" : "extend";
      for (const how of [first, second, first] as const) {
        const at = await booked(how);
        if (at !== undefined) return at;
      }
      return undefined; // a whole horizon ahead
    },

    async addTally(pass, tally, expiresAt) {
      await update(`${PASS_PREFIX}${pass}`, {
        UpdateExpression: "ADD #sent :sent, #failed :failed, #skipped :skipped, #workers :one SET #expires = if_not_exists(#expires, :expires)",
        ExpressionAttributeNames: { "#sent": "sent", "#failed": "failed", "#skipped": "skipped", "#workers": "workers", "#expires": ttl },
        ExpressionAttributeValues: { ":sent": tally.sent, ":failed": tally.failed, ":skipped": tally.skipped, ":one": 1, ":expires": epochSeconds(expiresAt) },
      });
    },

    async passTally(pass) {
      const item = await read(`${PASS_PREFIX}${pass}`);
      if (!item) return undefined;
      const tally: PassTally = { sent: 0, failed: 0, skipped: 0, workers: 0 };
      for (const key of Object.keys(tally) as (keyof PassTally)[]) tally[key] = Number(item[key] ?? 0);
      return tally;
    },
  };
}
