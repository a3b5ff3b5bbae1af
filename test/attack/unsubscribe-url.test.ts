import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runPass } from "../../functions/domain/sending/pass";
import { confirmedSubscriber } from "../support/people";
import { linkIn, postForm } from "../support/http";
import type { MemoryEmail } from "../support/memory-stack";
import { useMemoryStack } from "../support/use-stack";

/**
 * The `List-Unsubscribe` URL is handed to every mailbox provider and to anyone an email is
 * forwarded to. Attacked over real HTTP as such a holder would: it may unsubscribe, and nothing
 * else; an older one stops working once "sign out all links" and a newer email have replaced it;
 * one mailed before links named their round ends with that round (N1, N7).
 */

const stack = useMemoryStack();
afterEach(() => {
  vi.useRealTimers();
});

const ONE_CLICK = { "List-Unsubscribe": "One-Click" };
/** Everything a page could hand out beyond leaving: a link or a form to any other purpose. */
const OTHER_DOORS = /\/(pause|my-data|export|delete|checkin|checked)\?token=/;

const programMail = async (email: string) => (await stack.mailTo(email)).filter((m) => !/confirm|download link/i.test(m.subject));
const pass = (at = Date.now()) => runPass(stack.context, { now: new Date(at) });

/** Confirmed and sent week 1: the email as its owner (and their mailbox provider) has it. */
async function weekOne(email: string): Promise<MemoryEmail> {
  await confirmedSubscriber(stack, email);
  await pass();
  return (await programMail(email)).at(-1)!;
}

describe("N1: the unsubscribe URL can unsubscribe and nothing else", () => {
  it("its page, its button's answer and the one-click answer offer no pause, data, download or delete", async () => {
    const email = "n1.header@example.com";
    const week1 = await weekOne(email);
    const header = week1.unsubscribeUrl!;
    expect(header).toBe(linkIn(week1, "/unsubscribe"));

    const page = await fetch(header);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Unsubscribe");
    expect(html).not.toMatch(OTHER_DOORS);

    const oneClick = await postForm(header, ONE_CLICK);
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).not.toMatch(OTHER_DOORS);
    expect((await stack.subscriber(email))?.status).toBe("unsubscribed");
    // pressed again (the page's own button): still only the goodbye
    expect(await (await fetch(header, { method: "POST" })).text()).not.toMatch(OTHER_DOORS);
  });

  it("the pause page, which the weekly email links to, hands out no data link either", async () => {
    const week1 = await weekOne("n1.pause@example.com");
    const html = await (await fetch(linkIn(week1, "/pause"))).text();
    expect(html).toContain('name="weeks"');
    expect(html).not.toMatch(/\/(my-data|export|delete)\?token=/);
  });

  it("after 'sign out all links' an older email's unsubscribe URL stops once a newer email is out; the latest one's always works", async () => {
    const email = "n1.signout@example.com";
    const week1 = await weekOne(email);
    expect((await postForm(linkIn(week1, "/my-data"), { action: "sign-out" })).status).toBe(200);

    // week 1 is still the latest email: leaving through it must work (its page, at least)
    const stillLatest = await fetch(week1.unsubscribeUrl!);
    expect(stillLatest.status).toBe(200);
    expect(await stillLatest.text()).not.toMatch(OTHER_DOORS);

    await pass((await stack.subscriber(email))!.dueAt!);
    const week2 = (await programMail(email)).at(-1)!;
    expect(week2.unsubscribeUrl).not.toBe(week1.unsubscribeUrl);

    const before = await stack.subscriber(email);
    expect((await fetch(week1.unsubscribeUrl!)).status).toBe(410);
    expect((await postForm(week1.unsubscribeUrl!, ONE_CLICK)).status).toBe(410);
    expect(await stack.subscriber(email)).toEqual(before);

    expect((await postForm(week2.unsubscribeUrl!, ONE_CLICK)).status).toBe(200);
    expect((await stack.subscriber(email))?.status).toBe("unsubscribed");
  });

  it("an email in flight while its owner signs out keeps its unsubscribe URL working", async () => {
    const email = "n1.inflight@example.com";
    const week1 = await weekOne(email);
    const at = (await stack.subscriber(email))!.dueAt!;
    // the owner signs out in the middle of week 2's send: week 2 went out with the old links
    const mailer = stack.context.mailer;
    stack.context.mailer = {
      ...mailer,
      async send(message) {
        const id = await mailer.send(message);
        if (message.to === email) await postForm(linkIn(week1, "/my-data"), { action: "sign-out" });
        return id;
      },
    };
    try {
      await pass(at);
    } finally {
      stack.context.mailer = mailer;
    }
    const week2 = (await programMail(email)).at(-1)!;
    expect((await postForm(week2.unsubscribeUrl!, ONE_CLICK)).status).toBe(200);
    expect((await stack.subscriber(email))?.status).toBe("unsubscribed");
  });
});

describe("N7: an unsubscribe link from before links named their key and round", () => {
  /** A token as unknot made them then: purpose and id only, signed with the id key (TokenKey). */
  const legacyLink = (id: string) => {
    const body = Buffer.from(JSON.stringify({ p: "unsubscribe", s: id })).toString("base64url");
    const mac = createHmac("sha256", stack.context.key).update(`unknot-link:${body}`).digest("base64url");
    return `${stack.url}/unsubscribe?token=${body}.${mac}`;
  };
  /** A subscriber whose item dates from before link epochs, in the round those old links were mailed in. */
  async function preUpgrade(email: string) {
    const { pk } = await confirmedSubscriber(stack, email);
    await stack.context.store.update(pk, { remove: ["linkEpoch"] }, {});
    return pk;
  }

  it("still unsubscribes in its own round, handing out nothing", async () => {
    const pk = await preUpgrade("n7.own-round@example.com");
    const page = await fetch(legacyLink(pk));
    expect(page.status).toBe(200);
    expect(await page.text()).not.toMatch(OTHER_DOORS);
    const left = await postForm(legacyLink(pk), ONE_CLICK);
    expect(left.status).toBe(200);
    expect(await left.text()).not.toMatch(OTHER_DOORS);
    expect((await stack.subscriber("n7.own-round@example.com"))?.status).toBe("unsubscribed");
  });

  it("can't stop a later round: leave, sign up again, confirm, and the old link is refused", async () => {
    const email = "n7.next-round@example.com";
    const pk = await preUpgrade(email);
    expect((await postForm(legacyLink(pk), ONE_CLICK)).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 11 * 60_000); // one confirmation per address per 10 minutes
    await confirmedSubscriber(stack, email);
    const before = await stack.subscriber(email);
    expect(before?.status).toBe("active");

    expect((await fetch(legacyLink(pk))).status).toBe(410);
    expect((await postForm(legacyLink(pk), ONE_CLICK)).status).toBe(410);
    expect(await stack.subscriber(email)).toEqual(before);
  });

  it("ends with the first email sent since: that email's own unsubscribe link takes over", async () => {
    const email = "n7.next-email@example.com";
    const pk = await preUpgrade(email);
    await pass();
    const week1 = (await programMail(email)).at(-1)!;
    const before = await stack.subscriber(email);

    expect((await postForm(legacyLink(pk), ONE_CLICK)).status).toBe(410);
    expect(await stack.subscriber(email)).toEqual(before);
    expect((await postForm(week1.unsubscribeUrl!, ONE_CLICK)).status).toBe(200);
    expect((await stack.subscriber(email))?.status).toBe("unsubscribed");
  });
});
