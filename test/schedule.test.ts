import { describe, expect, it } from "vitest";
import { nextWeeklySend } from "../functions/domain/program/schedule";

const local = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);

describe("when the next weekly email goes out", () => {
  it("is the same weekday a week later at 08:00 local time", () => {
    const sent = new Date("2026-06-01T06:05:00Z"); // Monday 08:05 in Berlin (CEST)
    const next = nextWeeklySend(sent, "Europe/Berlin", 8);
    expect(local(next, "Europe/Berlin")).toBe("Mon 08:00");
    expect(next.toISOString()).toBe("2026-06-08T06:00:00.000Z");
  });

  it("keeps 08:00 local across a daylight-saving change", () => {
    const sent = new Date("2026-10-19T06:00:00Z"); // Monday 08:00 CEST; clocks go back on 25 October
    const next = nextWeeklySend(sent, "Europe/Berlin", 8);
    expect(local(next, "Europe/Berlin")).toBe("Mon 08:00");
    expect(next.toISOString()).toBe("2026-10-26T07:00:00.000Z");
    const spring = nextWeeklySend(new Date("2026-03-02T13:00:00Z"), "America/New_York", 8); // clocks go forward 8 March
    expect(local(spring, "America/New_York")).toBe("Mon 08:00");
    expect(spring.toISOString()).toBe("2026-03-09T12:00:00.000Z");
  });

  it("is never sooner than six and a half days, even when the last one went out late at night", () => {
    const sent = new Date("2026-06-01T21:30:00Z"); // 23:30 in Berlin
    const next = nextWeeklySend(sent, "Europe/Berlin", 8);
    expect(next.getTime() - sent.getTime()).toBeGreaterThanOrEqual(6.5 * 86_400_000);
    expect(next.getTime() - sent.getTime()).toBeLessThanOrEqual(7.5 * 86_400_000);
    expect(local(next, "Europe/Berlin")).toBe("Tue 08:00");
  });

  it("follows the operator's send hour and zones with unusual offsets", () => {
    const next = nextWeeklySend(new Date("2026-06-01T00:00:00Z"), "Asia/Kathmandu", 18);
    expect(local(next, "Asia/Kathmandu")).toMatch(/18:00$/);
  });
});
