import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exportData } from "../functions/domain/data-rights/personal-data";
import { runPass } from "../functions/domain/sending/pass";
import { verifyLink } from "../functions/domain/links/tokens";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm, type StoredEmail } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

/**
 * Links as credentials that can be revoked, tried the way an attacker holding old links would,
 * against the real local stack: a new round, a deleted record and "sign out all links" each
 * leave every earlier link without effect, and reading data takes a fresh link sent to the address.
 */

const stack = useMemoryStack();

const HOUR = 3_600_000;
const pass = () => runPass(stack.context, { now: new Date() });
const programMail = async (email: string): Promise<StoredEmail[]> =>
  (await stack.mailTo(email)).filter((m) => !/confirm|download link/i.test(m.subject));
const downloadMail = async (email: string) => (await stack.mailTo(email)).filter((m) => /download link/.test(m.subject));

/** Signed up, confirmed and sent week 1: the email, as the subscriber has it. */
async function withWeekOne(email: string): Promise<StoredEmail> {
  await confirmedSubscriber(stack, email);
  await pass();
  return (await programMail(email)).at(-1)!;
}

/** Every link in an email that acts on the subscriber's data or program, with what a POST sends. */
function actingLinks(email: StoredEmail): { link: string; form: Record<string, string> }[] {
  return [
    { link: linkIn(email, "/pause"), form: { action: "pause", weeks: "2" } },
    { link: linkIn(email, "/my-data"), form: { action: "email" } },
    { link: linkIn(email, "/my-data"), form: { action: "sign-out" } },
    { link: linkIn(email, "/delete"), form: {} },
    { link: linkIn(email, "/checkin"), form: { score: "3" } },
  ];
}

async function expectAllRefused(links: ReturnType<typeof actingLinks>, statuses: number[]) {
  for (const { link, form } of links) {
    const path = new URL(link).pathname;
    expect(statuses, `GET ${path}`).toContain((await fetch(link)).status);
    expect(statuses, `POST ${path}`).toContain((await postForm(link, form)).status);
  }
}

describe("links from before a delete", () => {
  it("can't read, change or delete the record of someone who signs up again with the address", async () => {
    const email = "deleted-then-back@example.com";
    const old = await withWeekOne(email);
    await postForm(linkIn(old, "/my-data"), { action: "email" });
    const oldDownload = linkIn((await downloadMail(email))[0]!, "/export");
    expect((await fetch(linkIn(old, "/delete"), { method: "POST" })).status).toBe(200);

    await withWeekOne(email);
    const before = await stack.subscriber(email);
    const mailBefore = (await stack.mailTo(email)).length;

    expect([404, 410]).toContain((await fetch(oldDownload, { method: "POST" })).status);
    await expectAllRefused(actingLinks(old), [404, 410]);
    expect(await stack.subscriber(email)).toEqual(before);
    expect(await stack.mailTo(email)).toHaveLength(mailBefore);
  });
});

describe("a new round (leave, sign up again, confirm)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("revokes every link of the round before, the unsubscribe link included", async () => {
    const email = "second-round-links@example.com";
    const old = await withWeekOne(email);
    expect((await fetch(linkIn(old, "/unsubscribe"), { method: "POST" })).status).toBe(200);
    // a confirmation goes to one address at most every 10 minutes
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    await confirmedSubscriber(stack, email);
    const before = await stack.subscriber(email);
    expect(before?.status).toBe("active");

    await expectAllRefused(actingLinks(old), [410]);
    expect((await fetch(linkIn(old, "/unsubscribe"), { method: "POST" })).status).toBe(410);
    expect(await stack.subscriber(email)).toEqual(before);
  });
});

describe("sign out all links", () => {
  it("revokes every earlier link but the latest email's unsubscribe; the next email carries links that work", async () => {
    const email = "signs-out@example.com";
    const old = await withWeekOne(email);
    const page = await (await fetch(linkIn(old, "/my-data"))).text();
    expect(page).toContain("Sign out all links");
    const signedOut = await postForm(linkIn(old, "/my-data"), { action: "sign-out" });
    expect(signedOut.status).toBe(200);
    expect(await signedOut.text()).toContain("the next one brings new links");

    const before = await stack.subscriber(email);
    await expectAllRefused(actingLinks(old), [410]);
    expect(await stack.subscriber(email)).toEqual(before);

    // the next week's email: its links work
    await runPass(stack.context, { now: new Date(before!.dueAt!) });
    const fresh = (await programMail(email)).at(-1)!;
    expect(fresh.subject).not.toBe(old.subject);
    expect((await fetch(linkIn(fresh, "/pause"))).status).toBe(200);
    expect((await postForm(linkIn(fresh, "/checkin"), { score: "4" })).status).toBe(200);

    // leaving always works from the latest email; the one from before signing out has been replaced by it
    expect((await fetch(linkIn(old, "/unsubscribe"), { method: "POST" })).status).toBe(410);
    expect((await fetch(linkIn(fresh, "/unsubscribe"), { method: "POST" })).status).toBe(200);
    expect((await stack.subscriber(email))?.status).toBe("unsubscribed");
  });
});

describe("reading personal data", () => {
  it("takes a link sent to the address, rate-limited, and that link runs out within 24 hours", async () => {
    const email = "reads-data@example.com";
    const week1 = await withWeekOne(email);
    for (const path of ["/unsubscribe", "/pause", "/my-data", "/delete"]) {
      const page = await (await fetch(linkIn(week1, path))).text();
      expect(page, path).not.toContain("/export?token=");
      expect(page, path).not.toContain(email);
    }
    // the "your data" page itself shows nothing of the data and can't download it
    expect((await fetch(linkIn(week1, "/my-data").replace("/my-data", "/export"), { method: "POST" })).status).toBe(400);

    for (let press = 0; press < 5; press++) {
      expect((await postForm(linkIn(week1, "/my-data"), { action: "email" })).status).toBe(200);
    }
    const sent = await downloadMail(email);
    expect(sent).toHaveLength(1);
    const download = linkIn(sent[0]!, "/export");
    expect((await fetch(download, { method: "POST" })).status).toBe(200);

    const token = new URL(download).searchParams.get("token");
    const exportAt = async (at: Date) => exportData(stack.context, verifyLink(stack.context.linkKeys, token, "export", at), at);
    await expect(exportAt(new Date(Date.now() + 23 * HOUR))).resolves.toMatchObject({ email });
    await expect(exportAt(new Date(Date.now() + 25 * HOUR))).rejects.toMatchObject({ kind: "gone" });
  });

  it("deletes only after a confirmation step, and the delete revokes every link", async () => {
    const email = "deletes-data@example.com";
    const week1 = await withWeekOne(email);
    const page = await fetch(linkIn(week1, "/delete"));
    expect(await page.text()).toContain("Delete my data");
    expect(await stack.subscriber(email)).toBeDefined();

    expect((await fetch(linkIn(week1, "/delete"), { method: "POST" })).status).toBe(200);
    expect(await stack.subscriber(email)).toBeUndefined();
    await expectAllRefused(actingLinks(week1), [404, 410]);
    expect(await stack.subscribers()).not.toContainEqual(expect.objectContaining({ email }));
  });
});

describe("links mailed before links named their key and round (an upgraded deployment)", () => {
  /** A token as unknot made them before: purpose and id only, signed with the id key (TokenKey). */
  const legacyLink = (path: string, purpose: string, id: string) => {
    const body = Buffer.from(JSON.stringify({ p: purpose, s: id })).toString("base64url");
    const mac = createHmac("sha256", stack.context.key).update(`unknot-link:${body}`).digest("base64url");
    return `${stack.url}${path}?token=${body}.${mac}`;
  };

  it("still unsubscribe in their own round, so nobody is mailed after leaving; every other old link is refused", async () => {
    const email = "upgraded@example.com";
    // an item from before link epochs, whose emails so far all came from the version before
    const { pk } = await confirmedSubscriber(stack, email);
    await stack.context.store.update(pk, { remove: ["linkEpoch"] }, {});
    for (const [path, purpose] of [["/export", "export"], ["/delete", "delete"], ["/pause", "pause"], ["/my-data", "data"]]) {
      expect((await fetch(legacyLink(path!, purpose!, pk))).status, `GET ${path}`).toBe(400);
      expect((await postForm(legacyLink(path!, purpose!, pk), { action: "email", weeks: "2" })).status, `POST ${path}`).toBe(400);
    }
    expect((await stack.subscriber(email))?.status).toBe("active");
    expect((await fetch(legacyLink("/unsubscribe", "unsubscribe", pk), { method: "POST" })).status).toBe(200);
    expect((await stack.subscriber(email))?.status).toBe("unsubscribed");
  });
});
