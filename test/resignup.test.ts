import { afterEach, describe, expect, it, vi } from "vitest";
import { runPass } from "../functions/domain/sending/pass";
import type { StoredSubscriber } from "./support/memory-stack";
import { linkIn, postForm } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

/**
 * A stranger who knows someone's address posts the signup form with it. Whatever state the
 * address is in, nothing stored about its owner changes until the owner confirms, and a
 * confirmation link from an earlier signup round confirms nothing later.
 */

const stack = useMemoryStack();
afterEach(() => {
  vi.useRealTimers();
});

const MINUTE = 60_000;
const owner = { answers: ["sleep"], flags: [] as string[], tz: "Europe/Berlin", consent: "yes", website: "" };
const stranger = { answers: ["appetite", "fatigue"], flags: ["saddle"], tz: "Pacific/Kiritimati", consent: "yes", website: "" };

const subscribe = (email: string, fields: typeof owner) => postForm(`${stack.url}/subscribe`, { ...fields, email });
const confirmMail = async (email: string) => (await stack.mailTo(email)).filter((m) => /confirm/i.test(m.subject));

/** Moves the app's clock (it runs in this process) without touching timers. */
function clockAt(ms: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(ms));
}

/** What the owner downloads through their export link, less the moment it was made. */
async function exported(email: string) {
  const response = await fetch((await stack.links(email)).export(), { method: "POST" });
  const { exportedAt: _at, ...data } = (await response.json()) as Record<string, unknown>;
  return data;
}

/** The item, less the bookkeeping a signup may write: the rate-limit stamps and the waiting signups. */
function ownersData(s: StoredSubscriber | undefined) {
  const { confirmSentAt: _c, noticeSentAt: _n, pendingSignups: _p, ...rest } = s!;
  return rest;
}

/** Signs up through the form, confirms through the emailed link, receives week 1 and checks in. */
async function inTheProgram(email: string) {
  await subscribe(email, owner);
  await fetch(linkIn((await confirmMail(email))[0]!, "/confirm"), { method: "POST" });
  await runPass(stack.context, { now: new Date() });
  const week1 = (await stack.mailTo(email)).find((m) => !/confirm|already/i.test(m.subject))!;
  const checkin = await postForm(linkIn(week1, "/checkin"), { score: "6", note: "walking helped" });
  expect(checkin.status).toBe(200);
  const stored = (await stack.subscriber(email))!;
  expect(stored.checkins?.["1"]?.score).toBe(6);
  return stored;
}

describe("someone else signing up an address that is in the program", () => {
  it("changes nothing of the owner's: program, answers, check-ins, export; the owner gets one notice", async () => {
    const email = "member.owner@example.com";
    const before = await inTheProgram(email);
    const exportBefore = await exported(email);
    const mailBefore = (await stack.mailTo(email)).length;

    clockAt(Date.now() + 11 * MINUTE);
    for (let i = 0; i < 3; i++) expect((await subscribe(email, stranger)).status).toBe(200);

    const after = await stack.subscriber(email);
    expect(ownersData(after)).toEqual(ownersData(before));
    expect(after?.pendingSignups).toBeUndefined();
    expect(await exported(email)).toEqual(exportBefore);
    const mail = (await stack.mailTo(email)).slice(mailBefore);
    expect(mail.map((m) => m.subject)).toEqual(["You're already signed up to unknot"]);
  });

  it("leaves a paused subscriber paused, with their answers", async () => {
    const email = "paused.owner@example.com";
    await inTheProgram(email);
    const week1 = (await stack.mailTo(email)).find((m) => !/confirm|already/i.test(m.subject))!;
    await postForm(linkIn(week1, "/pause"), { action: "pause", weeks: "2" });
    const before = await stack.subscriber(email);
    expect(before?.status).toBe("paused");
    await subscribe(email, stranger);
    expect(ownersData(await stack.subscriber(email))).toEqual(ownersData(before));
  });
});

describe("someone else signing up an address that finished or left", () => {
  it.each(["completed", "unsubscribed"] as const)(
    "%s: keeps the owner's history and export until the owner confirms the new round",
    async (state) => {
      const email = `${state}.owner@example.com`;
      await inTheProgram(email);
      if (state === "unsubscribed") await fetch((await stack.links(email)).unsubscribe(), { method: "POST" });
      else await stack.context.store.update((await stack.subscriber(email))!.pk, { set: { status: "completed" }, remove: ["dueAt"] }, {});
      const before = await stack.subscriber(email);
      const exportBefore = await exported(email);

      clockAt(Date.now() + 11 * MINUTE);
      expect((await subscribe(email, stranger)).status).toBe(200);
      const waiting = await stack.subscriber(email);
      expect(ownersData(waiting)).toEqual(ownersData(before));
      expect(Object.values(waiting?.pendingSignups ?? {})).toMatchObject([{ answers: ["appetite", "fatigue"], flags: ["saddle"] }]);
      expect(await exported(email)).toEqual(exportBefore);
      expect(JSON.stringify(exportBefore)).not.toContain("appetite");

      // the owner confirms: a new round with the new answers; the old round's check-ins and sent list go
      const links = await confirmMail(email);
      expect(links).toHaveLength(2);
      expect((await fetch(linkIn(links[1]!, "/confirm"), { method: "POST" })).status).toBe(200);
      const fresh = await stack.subscriber(email);
      expect(fresh).toMatchObject({ status: "active", week: 1, answers: ["appetite", "fatigue"], flags: ["saddle"], checkins: {} });
      expect(fresh?.sent).toBeUndefined();
      expect(fresh?.pendingSignups).toBeUndefined();
    },
  );
});

describe("someone else signing up an address that is still pending", () => {
  it("changes nothing within the 10-minute window, and after it only adds a waiting signup", async () => {
    const email = "pending.owner@example.com";
    await subscribe(email, owner);
    const before = await stack.subscriber(email);

    await subscribe(email, stranger);
    expect(await stack.subscriber(email)).toEqual(before);

    clockAt(Date.now() + 11 * MINUTE);
    await subscribe(email, stranger);
    const waiting = await stack.subscriber(email);
    expect(ownersData(waiting)).toEqual(ownersData(before));

    // the owner's own link still confirms the owner's answers, and the stranger's signup is dropped
    const [first, second] = await confirmMail(email);
    await fetch(linkIn(first!, "/confirm"), { method: "POST" });
    expect(await stack.subscriber(email)).toMatchObject({ status: "active", answers: ["sleep"], flags: [] });
    expect((await stack.subscriber(email))?.pendingSignups).toBeUndefined();
    const late = await fetch(linkIn(second!, "/confirm"), { method: "POST" });
    expect(late.status).toBe(410);
    expect((await stack.subscriber(email))?.answers).toEqual(["sleep"]);
  });
});

describe("an old confirmation link", () => {
  it("confirms nothing after the owner left and someone signed the address up again", async () => {
    const email = "old.link@example.com";
    await subscribe(email, owner);
    const firstLink = linkIn((await confirmMail(email))[0]!, "/confirm");
    await fetch(firstLink, { method: "POST" });
    await fetch((await stack.links(email)).unsubscribe(), { method: "POST" });

    clockAt(Date.now() + 11 * MINUTE);
    await subscribe(email, stranger);
    const replayed = await fetch(firstLink, { method: "POST" });
    expect(replayed.status).toBe(410);
    const page = await replayed.text();
    expect(page).toContain("no longer valid");
    expect(page).toContain('href="/"');
    expect(await stack.subscriber(email)).toMatchObject({ status: "unsubscribed", answers: ["sleep"] });

    // the new round's own link works, and the old one stays refused after it
    await fetch(linkIn((await confirmMail(email))[1]!, "/confirm"), { method: "POST" });
    expect((await stack.subscriber(email))?.status).toBe("active");
    expect((await fetch(firstLink, { method: "POST" })).status).toBe(410);
  });

  it("is refused when it was never mailed: a link without the round's nonce confirms nothing", async () => {
    const email = "no.nonce@example.com";
    await subscribe(email, owner);
    const forged = await fetch((await stack.links(email)).confirm(), { method: "POST" });
    expect(forged.status).toBe(410);
    expect((await stack.subscriber(email))?.status).toBe("pending");
  });
});

describe("a suppressed address", () => {
  it("is neither changed nor mailed by a signup", async () => {
    const email = "bounced.owner@example.com";
    await subscribe(email, owner);
    const pk = (await stack.subscriber(email))!.pk;
    await stack.context.store.update(pk, { set: { status: "bounced" } }, {});
    const before = await stack.subscriber(email);
    const mailBefore = (await stack.mailTo(email)).length;
    clockAt(Date.now() + 11 * MINUTE);
    expect((await subscribe(email, stranger)).status).toBe(200);
    expect(await stack.subscriber(email)).toEqual(before);
    expect(await stack.mailTo(email)).toHaveLength(mailBefore);
  });
});
