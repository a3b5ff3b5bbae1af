import { afterEach, describe, expect, it, vi } from "vitest";
import { runPass } from "../../functions/domain/sending/pass";
import { confirmedSubscriber, sendWhenDue } from "../support/people";
import { linkIn, postForm, rawPost } from "../support/http";
import { useMemoryStack } from "../support/use-stack";

/**
 * The notes of the last attack pass (N8): an address percent-encoded past the log mask, forms
 * posted from another site or as something other than a form, links that read or change data
 * and never expired, a download page linking to something that outlives it, and a check-in note
 * that mails its writer's link to the subscriber from the clinic's own address.
 */

const stack = useMemoryStack();
afterEach(() => {
  vi.useRealTimers();
});

const DAY = 86_400_000;
const EVIL = "https://evil.example";
const signupForm = { answers: ["sleep"], flags: [] as string[], tz: "UTC", consent: "yes", website: "" };
const programMail = async (email: string) => (await stack.mailTo(email)).filter((m) => !/confirm|download link/i.test(m.subject));
const pass = (at = Date.now()) => runPass(stack.context, { now: new Date(at) });

function clockAt(ms: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(ms));
}

describe("N8: the log mask", () => {
  it("masks an address however its @ is spelled: %40, %2540, a full-width ＠ or a small ﹫", async () => {
    const lines: string[] = [];
    const spies = (["log", "error"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" "))),
    );
    try {
      for (const path of ["/victim%40example.com", "/a/victim%2540example.com", "/victim%EF%BC%A0example.com", "/victim%EF%B9%ABexample.com", "/to/Victim%40Example.COM/x"]) {
        expect((await fetch(`${stack.url}${path}`)).status).toBe(404);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) expect(line).not.toMatch(/victim|example\.com/);
  });
});

describe("N8: state-changing POSTs come from this site's own pages, as forms", () => {
  const refusedOrigins: Record<string, string>[] = [
    { origin: EVIL },
    { origin: "null" },
    { "sec-fetch-site": "cross-site" },
    { "sec-fetch-site": "same-site", origin: "https://other.lambda-url.eu-west-1.on.aws" },
  ];

  it("refuses a signup posted from another site: nothing stored, nothing sent", async () => {
    for (const [i, headers] of refusedOrigins.entries()) {
      const email = `n8.csrf${i}@example.com`;
      const answer = await rawPost(`${stack.url}/subscribe`, { ...signupForm, email }, { headers });
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.body).toContain("another website");
      expect(await stack.subscriber(email)).toBeUndefined();
      expect(await stack.mailTo(email)).toHaveLength(0);
    }
    // the page's own form, as a browser sends it (one told to name no origins too), goes through
    const ownForm: Record<string, string>[] = [{ origin: stack.url, "sec-fetch-site": "same-origin" }, { origin: "null", "sec-fetch-site": "same-origin" }];
    for (const [i, headers] of ownForm.entries()) {
      const own = await rawPost(`${stack.url}/subscribe`, { ...signupForm, email: `n8.own${i}@example.com` }, { headers });
      expect(own.status).toBe(200);
      expect(await stack.subscriber(`n8.own${i}@example.com`)).toBeDefined();
    }
    // a page served under another name (DNS rebinding) is no page of this site, whatever the browser says
    const rebound = await rawPost(`${stack.url}/subscribe`, { ...signupForm, email: "n8.rebound@example.com" }, { headers: { origin: "http://rebound.example:8080", "sec-fetch-site": "same-origin" } });
    expect(rebound.status).toBe(403);
  });

  it("refuses confirm, check-in, pause, data and delete posted from another site, and changes nothing", async () => {
    const email = "n8.links@example.com";
    await postForm(`${stack.url}/subscribe`, { ...signupForm, email });
    const pending = (await stack.subscriber(email))!;
    const confirm = (await stack.links(email)).confirm(pending.signupNonce);
    for (const headers of refusedOrigins) expect((await rawPost(confirm, {}, { headers })).status).toBe(403);
    expect((await stack.subscriber(email))?.status).toBe("pending");
    expect((await fetch(confirm, { method: "POST" })).status).toBe(200);
    await pass();

    const links = await stack.links(email);
    const before = await stack.subscriber(email);
    const posts: [string, Record<string, string>][] = [
      [links.checkin(1), { score: "3" }],
      [links.pause(), { action: "pause", weeks: "2" }],
      [links.data(), { action: "sign-out" }],
      [links.delete(), {}],
      [links.unsubscribe(), {}],
    ];
    for (const [link, fields] of posts) {
      for (const headers of refusedOrigins) expect((await rawPost(link, fields, { headers })).status, `${new URL(link).pathname} ${JSON.stringify(headers)}`).toBe(403);
    }
    expect(await stack.subscriber(email)).toEqual(before);
  });

  it("refuses a body that is no form (JSON, plain text) with 415, and changes nothing", async () => {
    const email = "n8.types@example.com";
    await confirmedSubscriber(stack, email);
    const before = await stack.subscriber(email);
    const links = await stack.links(email);
    for (const link of [links.delete(), links.unsubscribe(), links.data()]) {
      for (const type of ["application/json", "text/plain"]) {
        const answer = await fetch(link, { method: "POST", headers: { "content-type": type }, body: "{}" });
        expect(answer.status, `${new URL(link).pathname} as ${type}`).toBe(415);
      }
    }
    expect(await stack.subscriber(email)).toEqual(before);
  });

  it("still takes a mailbox provider's RFC 8058 one-click unsubscribe, which carries no Origin, and from a webmail page", async () => {
    for (const [i, headers] of [{}, { origin: "https://mail.example" }].entries() as Iterable<[number, Record<string, string>]>) {
      const email = `n8.oneclick${i}@example.com`;
      await confirmedSubscriber(stack, email);
      const answer = await rawPost((await stack.links(email)).unsubscribe(), { "List-Unsubscribe": "One-Click" }, { headers });
      expect(answer.status).toBe(200);
      expect((await stack.subscriber(email))?.status).toBe("unsubscribed");
    }
  });
});

describe("N8: every link that reads or changes data has a lifetime", () => {
  it("pause, check-in, 'checked' and delete run out after 6 weeks, the data page after a year; unsubscribe doesn't", async () => {
    const email = "n8.lifetimes@example.com";
    await confirmedSubscriber(stack, email, { flags: ["saddle"] });
    const links = await stack.links(email);
    const start = Date.now();

    clockAt(start + 41 * DAY);
    for (const link of [links.pause(), links.checked(), links.delete(), links.data()]) expect((await fetch(link)).status, link).toBe(200);
    clockAt(start + 43 * DAY);
    for (const link of [links.pause(), links.checked(), links.delete(), links.checkin(1)]) {
      expect((await fetch(link)).status, new URL(link).pathname).toBe(410);
    }
    expect((await fetch(links.data())).status).toBe(200);
    clockAt(start + 367 * DAY);
    expect((await fetch(links.data())).status).toBe(410);
    expect((await fetch(links.unsubscribe())).status).toBe(200);
    expect((await stack.subscriber(email))?.status).toBe("active");
  });

  it("the download page's delete link runs out with the download link", async () => {
    const email = "n8.download@example.com";
    await confirmedSubscriber(stack, email);
    await postForm((await stack.links(email)).data(), { action: "email" });
    const download = linkIn((await stack.mailTo(email)).find((m) => /download link/.test(m.subject))!, "/export");
    const page = await (await fetch(download)).text();
    const deleteLink = page.match(/href="([^"]*\/delete\?token=[^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
    expect(deleteLink).toBeDefined();
    expect((await fetch(deleteLink!)).status).toBe(200);

    clockAt(Date.now() + 25 * 3_600_000);
    expect((await fetch(download)).status).toBe(410);
    expect((await fetch(deleteLink!)).status).toBe(410);
    expect((await fetch(deleteLink!, { method: "POST" })).status).toBe(410);
    expect(await stack.subscriber(email)).toBeDefined();
  });
});

describe("N8: a check-in note in the last email", () => {
  it("is mailed as the subscriber's words, not as a link or hidden text from the clinic", async () => {
    const email = "n8.note@example.com";
    await confirmedSubscriber(stack, email);
    await pass();
    const week1 = (await programMail(email)).at(-1)!;
    const note = `Your account expires: log in at ${EVIL}/login or www.evil.example now \u202Etxt.exe mail me: help@evil.example`;
    expect((await postForm(linkIn(week1, "/checkin"), { score: "4", note })).status).toBe(200);
    expect((await stack.subscriber(email))?.checkins?.["1"]?.note).toBe(note);

    for (let week = 2; week <= 12; week++) {
      if (!(await sendWhenDue(stack, email, { moveClock: false }))) break;
    }
    const last = (await programMail(email)).at(-1)!;
    expect(last.body.text).toContain("What you told us helped");
    for (const part of [last.body.text!, last.body.html!]) {
      expect(part).toContain("Your account expires");
      expect(part).not.toMatch(/evil\.example|https?:\/\/evil|www\.evil/);
      expect(part).not.toContain("\u202E");
      expect(part).not.toContain("help@");
    }
    expect(last.body.text).toContain("evil[.]example");
  });
});
