import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import type { Precondition, StoredChange } from "../../domain/ports";
import { DUE_SHARD, dueShardOf } from "./table-schema";

/** Builds expression placeholders (#n0, :v0…) so no attribute name or value is ever inlined. */
export class Expression {
  names: Record<string, string> = {};
  values: Record<string, unknown> = {};
  #n = 0;
  name(attribute: string): string {
    const key = `#n${this.#n++}`;
    this.names[key] = attribute;
    return key;
  }
  value(value: unknown): string {
    const key = `:v${this.#n++}`;
    this.values[key] = value;
    return key;
  }
  /** The values for a command: undefined when there are none (DynamoDB refuses an empty map). */
  get valuesOrNone(): Record<string, unknown> | undefined {
    return Object.keys(this.values).length ? this.values : undefined;
  }
}

/** A precondition as a ConditionExpression: the item exists, and every given part holds. */
export function condition(e: Expression, when: Precondition): string {
  const parts = [`attribute_exists(${e.name("pk")})`];
  if (when.status) parts.push(`${e.name("status")} IN (${when.status.map((s) => e.value(s)).join(", ")})`);
  if (when.leaseId !== undefined) parts.push(`${e.name("leaseId")} = ${e.value(when.leaseId)}`);
  if (when.unleasedAt !== undefined) {
    const lease = e.name("leaseUntil");
    parts.push(`(attribute_not_exists(${lease}) OR ${lease} < ${e.value(when.unleasedAt)})`);
  }
  if (when.week !== undefined) parts.push(`${e.name("week")} = ${e.value(when.week)}`);
  if (when.pastWeek !== undefined) parts.push(`${e.name("week")} > ${e.value(when.pastWeek)}`);
  if (when.dueBy !== undefined) parts.push(`${e.name("dueAt")} <= ${e.value(when.dueBy)}`);
  if (when.nonce?.field === "pendingSignups") {
    parts.push(`attribute_exists(${e.name("pendingSignups")}.${e.name(when.nonce.has)})`);
  } else if (when.nonce) {
    const { field, equals } = when.nonce;
    const path = field === "pendingSignup" ? `${e.name("pendingSignup")}.${e.name("nonce")}` : e.name(field);
    parts.push(equals === undefined ? `attribute_not_exists(${path})` : `${path} = ${e.value(equals)}`);
  }
  if (when.olderThan) {
    const field = e.name(when.olderThan.field);
    parts.push(`(attribute_not_exists(${field}) OR ${field} < ${e.value(when.olderThan.before)})`);
  }
  return parts.join(" AND ");
}

/**
 * How a check-in is written: one key of the `checkins` map the item has ("into"), or the whole
 * map when the item has none ("new"). DynamoDB can't do both in one expression, so each is
 * conditional.
 */
export type MapWrite = "into" | "new";

export function mapCondition(e: Expression, change: StoredChange, how?: MapWrite): string {
  if (!change.checkin || !how) return "";
  return ` AND attribute_${how === "new" ? "not_" : ""}exists(${e.name("checkins")})`;
}

/** A change as an UpdateExpression. Writing `dueAt` writes its shard beside it; removing it removes both. */
export function updateExpression(id: string, e: Expression, change: StoredChange, how?: MapWrite): string {
  const sets = Object.entries(change.set ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${e.name(key)} = ${e.value(value)}`);
  if (change.set?.dueAt !== undefined) sets.push(`${e.name(DUE_SHARD)} = ${e.value(dueShardOf(id))}`);
  if (change.sentEmail) {
    const sent = e.name("sent");
    sets.push(`${sent} = list_append(if_not_exists(${sent}, ${e.value([])}), ${e.value([change.sentEmail])})`);
  }
  if (change.checkin && how) {
    const { week, checkin } = change.checkin;
    sets.push(
      how === "into"
        ? `${e.name("checkins")}.${e.name(String(week))} = ${e.value(checkin)}`
        : `${e.name("checkins")} = ${e.value({ [String(week)]: checkin })}`,
    );
  }
  const removed: readonly string[] = change.remove ?? [];
  const removes = [...removed, ...(removed.includes("dueAt") ? [DUE_SHARD] : [])].map((key) => e.name(key));
  return [sets.length ? `SET ${sets.join(", ")}` : "", removes.length ? `REMOVE ${removes.join(", ")}` : ""]
    .filter(Boolean)
    .join(" ");
}

/** The write's result, or undefined when its condition failed (any other error is thrown). */
export async function unlessConditionFails<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
