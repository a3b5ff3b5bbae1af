import { describe, expect, it } from "vitest";
import { runPass } from "../functions/domain/sending/pass";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm, type StoredEmail } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

const stack = useMemoryStack();

const DAY = 86_400_000;
const pass = (at: number) => runPass(stack.context, { now: new Date(at) });
const programMail = async (email: string): Promise<StoredEmail[]> =>
  (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));
const berlinHour = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", hourCycle: "h23" });

/** A confirmed subscriber who has just received week 1; returns its email and when it went out. */
async function inWeekOne(email: string) {
  await confirmedSubscriber(stack, email);
  const at = Date.now();
  await pass(at);
  const [week1] = await programMail(email);
  return { week1: week1!, at };
}

describe("pausing", () => {
  it("holds the program for two weeks, then carries on with the next week at the usual hour", async () => {
    const email = "pauser@example.com";
    const { week1, at } = await inWeekOne(email);
    const link = linkIn(week1, "/pause");

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="weeks"');
    expect((await stack.subscriber(email))?.status).toBe("active");

    const paused = await postForm(link, { action: "pause", weeks: "2" });
    expect(paused.status).toBe(200);
    const stored = await stack.subscriber(email);
    expect(stored?.status).toBe("paused");
    expect(stored!.dueAt! - at).toBeGreaterThanOrEqual(14 * DAY - 60_000);

    for (const day of [7, 10, 13]) await pass(at + day * DAY);
    expect(await programMail(email)).toHaveLength(1);

    await pass(stored!.dueAt!);
    const mail = await programMail(email);
    expect(mail).toHaveLength(2);
    const after = await stack.subscriber(email);
    expect(after).toMatchObject({ status: "active", week: 3 });
    expect(after?.sent?.[1]?.template).toBe(after?.program?.[1]);
    expect(berlinHour.format(new Date(stored!.dueAt!))).toBe("08");
  });

  it("can be ended early, and refuses a pause length it doesn't offer", async () => {
    const email = "resumer@example.com";
    const { week1 } = await inWeekOne(email);
    const link = linkIn(week1, "/pause");
    const odd = await postForm(link, { action: "pause", weeks: "3" });
    expect(odd.status).toBe(400);
    expect((await stack.subscriber(email))?.status).toBe("active");

    await postForm(link, { action: "pause", weeks: "4" });
    expect(await (await fetch(link)).text()).toContain("Resume now");
    const resumed = await postForm(link, { action: "resume" });
    expect(resumed.status).toBe(200);
    const stored = await stack.subscriber(email);
    expect(stored?.status).toBe("active");
    expect(stored?.pausedUntil).toBeUndefined();
    expect(stored!.dueAt! - Date.now()).toBeLessThanOrEqual(8 * DAY);
    await pass(stored!.dueAt!);
    expect(await programMail(email)).toHaveLength(2);
  });

  it("resumed at once, still keeps a week's spacing from the last email", async () => {
    const email = "quick-resumer@example.com";
    const { week1, at } = await inWeekOne(email);
    const link = linkIn(week1, "/pause");
    await postForm(link, { action: "pause", weeks: "2" });
    await postForm(link, { action: "resume" });

    const stored = await stack.subscriber(email);
    expect(stored?.status).toBe("active");
    expect(stored!.dueAt! - at).toBeGreaterThanOrEqual(6.5 * DAY);
    expect(berlinHour.format(new Date(stored!.dueAt!))).toBe("08");
    for (const day of [0.4, 1, 3, 6]) await pass(at + day * DAY);
    expect(await programMail(email)).toHaveLength(1);
    await pass(stored!.dueAt!);
    expect(await programMail(email)).toHaveLength(2);
  });
});

/** Asks for a download link from the footer's "Download my data" page; returns the link that arrives by email. */
async function emailedDownloadLink(week1: StoredEmail, email: string): Promise<string> {
  const page = linkIn(week1, "/my-data");
  expect(await (await fetch(page)).text()).toContain("Email me a download link");
  const asked = await postForm(page, { action: "email" });
  expect(asked.status).toBe(200);
  const arrived = (await stack.mailTo(email)).filter((m) => /download link/.test(m.subject));
  expect(arrived).toHaveLength(1);
  return linkIn(arrived[0]!, "/export");
}

describe("a pause link from an earlier email, once the program has finished", () => {
  it("says the program has finished (410), not 'not found', and changes nothing", async () => {
    const email = "finished-pauser@example.com";
    const { week1 } = await inWeekOne(email);
    const link = linkIn(week1, "/pause");
    const stored = (await stack.subscriber(email))!;
    // as the sender leaves someone who received the last week
    await stack.context.store.update(stored.pk, { set: { status: "completed" }, remove: ["dueAt"] }, {});
    const before = await stack.subscriber(email);

    const page = await fetch(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("Your program has finished");
    expect((await postForm(link, { action: "pause", weeks: "2" })).status).toBe(410);
    expect(await stack.subscriber(email)).toEqual(before);
  });
});

describe("downloading my data", () => {
  it("goes through a link emailed on request; the file holds what is stored about me, and nothing about anyone else", async () => {
    await inWeekOne("someone-else@example.com");
    const email = "exporter@example.com";
    const { week1 } = await inWeekOne(email);
    expect(week1.body.text).not.toMatch(/\/export\?token=/);
    const link = await emailedDownloadLink(week1, email);
    const page = await fetch(link);
    expect(await page.text()).toContain("Download my data");

    const file = await fetch(link, { method: "POST" });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain("attachment");
    const raw = await file.text();
    const data = JSON.parse(raw);
    expect(data).toMatchObject({ email, status: "active", timeZone: "Europe/Berlin" });
    expect(data.emailsSent).toHaveLength(1);
    expect(data.program).toHaveLength(9);
    expect(raw).not.toContain("someone-else");
  });
});

describe("deleting my data", () => {
  it("removes the subscriber entirely; no email follows and the links go nowhere", async () => {
    const email = "deleter@example.com";
    const { week1, at } = await inWeekOne(email);
    const deleteLink = linkIn(week1, "/delete");
    expect(await (await fetch(deleteLink)).text()).toContain("one-way fingerprint");
    expect(await stack.subscriber(email)).toBeDefined();

    const done = await fetch(deleteLink, { method: "POST" });
    expect(done.status).toBe(200);
    expect((await stack.subscribers()).filter((s) => s.email === email)).toHaveLength(0);
    const items = await stack.subscribers();
    expect(items.some((s) => JSON.stringify(s).includes("deleter"))).toBe(false);

    for (let week = 1; week <= 10; week++) await pass(at + week * 7 * DAY);
    expect(await programMail(email)).toHaveLength(1);
    expect((await postForm(linkIn(week1, "/my-data"), { action: "email" })).status).toBe(404);
    expect((await fetch(linkIn(week1, "/unsubscribe"), { method: "POST" })).status).toBe(200);
  });

  it("keeps only a one-way suppression record for an address that bounced, so it is never mailed again", async () => {
    const email = "bounced-deleter@example.com";
    const subscriber = await confirmedSubscriber(stack, email);
    await stack.context.store.update(
      subscriber.pk,
      { set: { status: "bounced", statusReason: "bounce: Permanent/General" }, remove: ["dueAt"] },
      {},
    );
    const deleted = await fetch((await stack.links(email)).delete(), { method: "POST" });
    expect(deleted.status).toBe(200);
    const tombstone = (await stack.subscribers()).find((s) => s.pk === subscriber.pk);
    expect(tombstone).toMatchObject({ status: "bounced", email: "", answers: [], flags: [] });
    // the marker keeps it suppressed for good, even for an item suppressed before markers existed (as this one)
    expect(await stack.context.store.suppressedStatusOf(subscriber.pk)).toBe("bounced");

    const before = (await stack.mailTo(email)).length;
    const page = await postForm(`${stack.url}/subscribe`, { email, answers: [], flags: [], tz: "UTC", consent: "yes", website: "" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("check your inbox");
    expect(await stack.mailTo(email)).toHaveLength(before);
  });
});

describe("the unsubscribe page", () => {
  it("offers nothing but leaving (the URL every mailbox provider holds); afterwards it points to the weekly email's own links", async () => {
    const email = "options@example.com";
    const { week1 } = await inWeekOne(email);
    const link = linkIn(week1, "/unsubscribe");
    const html = await (await fetch(link)).text();
    for (const path of ["/pause?", "/export?", "/delete?", "/my-data?", "/checkin?"]) expect(html).not.toContain(path);
    expect(html).toContain("Pause for a while");

    const left = await (await fetch(link, { method: "POST" })).text();
    for (const path of ["/pause?", "/export?", "/delete?", "/my-data?", "/checkin?"]) expect(left).not.toContain(path);
    expect(left).toContain("Download my data");
    // and those links still work for someone who has left
    expect((await postForm(linkIn(week1, "/my-data"), { action: "email" })).status).toBe(200);
    const [sent] = (await stack.mailTo(email)).filter((m) => /download link/.test(m.subject));
    expect(linkIn(sent!, "/export")).toBeDefined();
  });
});
