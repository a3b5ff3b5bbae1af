import { describe, expect, it } from "vitest";
import { personalise } from "../functions/domain/program/program";
import { runPass } from "../functions/domain/sending/pass";
import { templates } from "../functions/email/templates";
import { defaultOrder } from "../functions/email/week-order";
import { confirmedSubscriber } from "./support/people";
import { linkIn, type StoredEmail } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

const stack = useMemoryStack();

const DAY = 86_400_000;
const subjectOf = (id: string) => templates.program.find((w) => w.id === id)!.subject;
const pass = (at: Date | number) => runPass(stack.context, { now: new Date(at) });
const programMail = async (email: string): Promise<StoredEmail[]> =>
  (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));

/** Runs a pass at each due time until the subscriber has no next week; returns the send times. */
async function walk(email: string, start: number): Promise<number[]> {
  const times: number[] = [];
  let at = start;
  for (let i = 0; i < 20; i++) {
    const before = (await programMail(email)).length;
    await pass(at);
    if ((await programMail(email)).length > before) times.push(at);
    const subscriber = await stack.subscriber(email);
    if (!subscriber?.dueAt) break;
    at = subscriber.dueAt;
  }
  return times;
}

describe("the weekly program", () => {
  it("walks a subscriber through every week in their order, 7 days apart at 08:00 local time, then completes", async () => {
    const email = "walker@example.com";
    await confirmedSubscriber(stack, email, { answers: ["sleep"], tz: "America/New_York" });
    const times = await walk(email, Date.now());

    const order = personalise(defaultOrder, ["sleep"]);
    expect(order).toHaveLength(9);
    expect(order[1]).toBe("sleep"); // trouble sleeping brings the sleep week forward
    const received = await programMail(email);
    expect(received.map((m) => m.subject)).toEqual(order.map(subjectOf));
    expect(received[1]?.body.text).toContain("You told us");

    const done = await stack.subscriber(email);
    expect(done?.status).toBe("completed");
    expect(done?.dueAt).toBeUndefined();
    expect(done?.sent?.map((s) => s.template)).toEqual(order);

    const hourInNewYork = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", hourCycle: "h23" });
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(6.5 * DAY);
      expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(7.5 * DAY);
      expect(hourInNewYork.format(new Date(times[i]!))).toBe("08");
    }

    await pass(times.at(-1)! + 60 * DAY);
    expect(await programMail(email)).toHaveLength(received.length);
  });

  it("sends week 1 on the first pass after confirming, and a repeated pass sends nothing new", async () => {
    const email = "prompt@example.com";
    await confirmedSubscriber(stack, email);
    const at = Date.now();
    const first = await pass(at);
    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect((await programMail(email)).map((m) => m.subject)).toEqual([subjectOf("cycle")]);
    const again = await pass(at);
    expect(again.sent).toBe(0);
    expect(await programMail(email)).toHaveLength(1);
  });

  it("gives people with different answers visibly different programs", async () => {
    await confirmedSubscriber(stack, "moody@example.com", { answers: ["mood"] });
    await confirmedSubscriber(stack, "hungry@example.com", { answers: ["appetite", "fatigue"] });
    const start = Date.now();
    await walk("moody@example.com", start);
    await walk("hungry@example.com", start);
    const moody = (await programMail("moody@example.com")).map((m) => m.subject);
    const hungry = (await programMail("hungry@example.com")).map((m) => m.subject);
    expect(moody[1]).toBe(subjectOf("breathing"));
    expect(hungry[1]).toBe(subjectOf("food"));
    expect(moody).not.toEqual(hungry);
    const foodWeek = (await programMail("hungry@example.com"))[1]!;
    expect(foodWeek.body.text?.match(/You told us/g)).toHaveLength(2); // appetite and fatigue notes
  });

  it("repeats the advice to see a doctor in every email to someone who ticked a warning sign", async () => {
    await confirmedSubscriber(stack, "flagged@example.com", { flags: ["bladder"] });
    await confirmedSubscriber(stack, "unflagged@example.com");
    const start = Date.now();
    await walk("flagged@example.com", start);
    await walk("unflagged@example.com", start);
    const flagged = await programMail("flagged@example.com");
    expect(flagged.length).toBeGreaterThanOrEqual(7); // the movement weeks wait (test/red-flags.test.ts)
    for (const m of flagged) expect(m.body.text).toMatch(/get urgent medical help today/i);
    for (const m of await programMail("unflagged@example.com")) expect(m.body.text).not.toMatch(/You told us about a (warning )?sign|\/checked\?/);
  });

  it("puts a visible unsubscribe link, the postal address and a disclaimer in every email, with no address in any link", async () => {
    const email = "footer@example.com";
    await confirmedSubscriber(stack, email);
    await pass(Date.now());
    const [week1] = await programMail(email);
    const text = week1!.body.text!;
    expect(linkIn(week1!, "/unsubscribe").startsWith(stack.url)).toBe(true);
    expect(week1!.body.html).toContain("Unsubscribe</a>");
    expect(text).toContain(stack.context.settings.postalAddress);
    expect(text).toMatch(/not medical advice/i);
    const links = text.match(/https?:\/\/\S+/g) ?? [];
    expect(links.length).toBeGreaterThanOrEqual(4);
    for (const link of links) expect(decodeURIComponent(link)).not.toContain(email);
  });

  it("stops at once after the unsubscribe link is used mid-program", async () => {
    const email = "leaver@example.com";
    await confirmedSubscriber(stack, email);
    const start = Date.now();
    await pass(start);
    const [week1] = await programMail(email);
    const response = await fetch(linkIn(week1!, "/unsubscribe"), { method: "POST" });
    expect(response.status).toBe(200);
    for (let day = 1; day <= 70; day += 7) await pass(start + day * DAY);
    expect(await programMail(email)).toHaveLength(1);
    expect((await stack.subscriber(email))?.dueAt).toBeUndefined();
  });

  it("after downtime sends one email, not a burst, and keeps a week between emails", async () => {
    const email = "downtime@example.com";
    await confirmedSubscriber(stack, email);
    const start = Date.now();
    await pass(start);
    const lateBy = 30 * DAY;
    await pass(start + lateBy);
    await pass(start + lateBy + 60_000);
    expect(await programMail(email)).toHaveLength(2);
    const next = (await stack.subscriber(email))!.dueAt!;
    expect(next - (start + lateBy)).toBeGreaterThanOrEqual(6.5 * DAY);
  });
});
