import { describe, expect, it } from "vitest";
import { status } from "../functions/domain/subscriber/states";
import * as lifecycle from "../functions/domain/subscriber/lifecycle";
import type { Active, Paused, Subscriber, Unsubscribed } from "../functions/domain/subscriber/subscriber";
import { memoryStore } from "./support/memory-store";

/**
 * The subscriber is one type per status: the compiler knows which fields each keeps. Each
 * `@ts-expect-error` below is a line `npm run typecheck` must refuse; if the types ever let it
 * through, the directive itself becomes the error and the typecheck fails.
 */

const active: Active = {
  pk: "reader",
  email: "reader@example.com",
  status: status.active,
  answers: ["sleep"],
  flags: [],
  tz: "Europe/Berlin",
  consentAt: "2026-12-01T08:00:00.000Z",
  createdAt: "2026-12-01T08:00:00.000Z",
  updatedAt: "2026-12-01T08:00:00.000Z",
  confirmedAt: "2026-12-01T08:00:00.000Z",
  program: ["cycle", "breathing"],
  week: 2,
  dueAt: Date.parse("2026-12-08T07:00:00.000Z"),
};

describe("the subscriber's type", () => {
  it("refuses to read a field the status doesn't keep", () => {
    // @ts-expect-error an active subscriber has no pause: pausedUntil exists only while paused
    const pausedUntil: number = active.pausedUntil;
    // @ts-expect-error an active subscriber isn't due to be deleted: expiresAt exists once they have finished or left
    const expiresAt: number = active.expiresAt;
    // @ts-expect-error a subscriber of any status may not be paused: narrow first
    const any: number = (active as Subscriber).pausedUntil;
    expect([pausedUntil, expiresAt, any]).toEqual([undefined, undefined, undefined]);
  });

  it("reads it once the status says it is there", () => {
    const subscriber: Subscriber = { ...active, status: status.paused, pausedUntil: 1_000 };
    const until = subscriber.status === status.paused ? subscriber.pausedUntil : undefined;
    expect(until).toBe(1_000);
  });

  it("refuses to build an item with a field its status doesn't keep", () => {
    // @ts-expect-error an active subscriber can't carry a pause's end
    const withPause: Active = { ...active, pausedUntil: 5 };
    // @ts-expect-error an unsubscribed subscriber must have an expiry, and has no due time
    const leaving: Unsubscribed = { ...active, status: status.unsubscribed };
    expect([withPause.status, leaving.status]).toEqual([status.active, status.unsubscribed]);
  });

  it("types each lifecycle step by the status it leaves the item in", async () => {
    // @ts-expect-error a step that leaves the item paused can't set a field a paused subscriber doesn't keep
    const badPause: lifecycle.Step<Paused> = [{ set: { status: status.paused, expiresAt: 1 } }, {}];
    // @ts-expect-error nor remove one a paused subscriber must have
    const unscheduled: lifecycle.Step<Paused> = [{ remove: ["dueAt"] }, {}];
    expect([badPause, unscheduled]).toHaveLength(2);

    const store = memoryStore();
    await store.create(active, []);
    const now = new Date("2026-12-03T08:00:00.000Z");
    // the store hands back the type the step leaves the item in: a paused subscriber, whose pause can be read as it is
    const paused = await store.update(active.pk, ...lifecycle.pause(now.getTime() + 14 * 86_400_000, now.getTime() + 15 * 86_400_000, now));
    const resumesAt: number | undefined = paused?.pausedUntil;
    expect(resumesAt).toBe(now.getTime() + 14 * 86_400_000);
    const left = await store.update(active.pk, ...lifecycle.unsubscribe(1_900_000_000, now));
    const expiresAt: number | undefined = left?.expiresAt;
    expect(expiresAt).toBe(1_900_000_000);
  });
});
