import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runPass } from "../functions/domain/sending/pass";
import { subscriberIdFor, verifyToken } from "../functions/domain/links/tokens";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm, type StoredEmail } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

const stack = useMemoryStack();
afterEach(() => {
  vi.useRealTimers();
});

const pass = (at: number) => runPass(stack.context, { now: new Date(at) });
const programMail = async (email: string): Promise<StoredEmail[]> =>
  (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));
const latest = async (email: string) => (await programMail(email)).at(-1)!;

/** The check-in links in an email, in the order they appear, from the text and from the HTML. */
const checkinLinks = (email: StoredEmail) => ({
  text: (email.body.text ?? "").match(/https?:\/\/\S+\/checkin\?token=[A-Za-z0-9_.-]+/g) ?? [],
  html: [...(email.body.html ?? "").matchAll(/href="(https?:\/\/[^"]+\/checkin\?token=[A-Za-z0-9_.-]+)"/g)].map((m) => m[1]!),
});
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
const claimsOf = (link: string) => verifyToken(stack.context.linkKeys, tokenOf(link), "checkin", new Date());

/** The link a person taps for `score` in this email. */
function tap(email: StoredEmail, score: number): string {
  const link = checkinLinks(email).html.find((l) => claimsOf(l).v === score);
  if (!link) throw new Error(`no check-in link for ${score} in "${email.subject}"`);
  return link;
}

const checkin = (link: string, fields: Record<string, string | string[]>) => postForm(link, fields);
const read = async (response: Response) => (await response.text()).replace(/&#39;/g, "'").replace(/&quot;/g, '"');

/**
 * Sends each week in turn; after week n's email arrives, checks in with scores[n-1] (a
 * `null` skips that week). Stops when the program is over; returns every email received.
 */
async function walk(email: string, scores: (number | null)[]): Promise<StoredEmail[]> {
  let at = Date.now();
  for (let i = 0; i < 20; i++) {
    const before = (await programMail(email)).length;
    await pass(at);
    const received = await programMail(email);
    const score = scores[received.length - 1];
    if (received.length > before && score !== undefined && score !== null) {
      expect((await checkin(tap(received.at(-1)!, score), { score: String(score), note: "" })).status).toBe(200);
    }
    const subscriber = await stack.subscriber(email);
    if (!subscriber?.dueAt) break;
    at = subscriber.dueAt;
  }
  return programMail(email);
}

describe("the check-in row", () => {
  it("is in every program email: eleven links, 0 to 10, each signed for this subscriber, this week and that score; the text has one link to the page", async () => {
    const email = "row@example.com";
    await confirmedSubscriber(stack, email);
    const received = await walk(email, []);
    expect(received).toHaveLength(9);
    const id = subscriberIdFor(stack.context.key, email);
    const stored = (await stack.subscriber(email))!;
    const round = Date.parse(stored.confirmedAt!);
    received.forEach((m, i) => {
      const { text, html } = checkinLinks(m);
      expect(html).toHaveLength(11);
      expect(html.map(claimsOf)).toEqual(Array.from({ length: 11 }, (_, v) => ({ s: id, w: i + 1, v, r: round, e: stored.linkEpoch })));
      expect(text.map(claimsOf)).toEqual([{ s: id, w: i + 1, r: round, e: stored.linkEpoch }]);
      // no address in a link (the claims above are all a token holds; a bare "row" may turn up in a signature by chance)
      for (const link of [...html, ...text]) expect(decodeURIComponent(link)).not.toContain(email);
      expect(m.body.text).toContain("How is your back this week?");
      expect(m.body.text).toContain("0 = no pain, 10 = worst imaginable");
    });
    const row = received[0]!.body.html!.match(/How is your back this week\?[\s\S]*?<\/table>/)![0];
    expect(row).not.toMatch(/<img|<script|<form|<input/i);
  });
});

describe("checking in", () => {
  it("shows the tapped score on GET without recording it; POST records it; a second POST changes it", async () => {
    const email = "tapper@example.com";
    await confirmedSubscriber(stack, email);
    await pass(Date.now());
    const week1 = await latest(email);

    // a link scanner following every number records nothing
    for (const link of [...checkinLinks(week1).html, ...checkinLinks(week1).text]) expect((await fetch(link)).status).toBe(200);
    const page = await (await fetch(tap(week1, 7))).text();
    expect(page).toMatch(/<input[^>]*value="7"[^>]*checked|<input[^>]*checked[^>]*value="7"/);
    expect(page.match(/checked/g)).toHaveLength(1);
    expect(page).toContain('name="note"');
    expect(page).toContain("<button");
    expect((await stack.subscriber(email))?.checkins).toEqual({});

    const saved = await checkin(tap(week1, 7), { score: "7", note: "Walking after lunch" });
    expect(saved.status).toBe(200);
    const savedPage = await read(saved);
    expect(savedPage).toContain("Week 1: 7 out of 10");
    expect(savedPage).toContain("You recorded one score: 7 in week 1.");
    expect((await stack.subscriber(email))?.checkins).toEqual({
      "1": { score: 7, note: "Walking after lunch", at: expect.any(String) },
    });

    // the form opens again with the earlier note, and a tap on another number preselects that one
    const again = await read(await fetch(tap(week1, 4)));
    expect(again).toContain("You already told us 7 for week 1");
    expect(again).toContain('value="Walking after lunch"');
    expect(again).toMatch(/<input[^>]*value="4"[^>]*checked|<input[^>]*checked[^>]*value="4"/);

    expect((await checkin(tap(week1, 4), { score: "5", note: "" })).status).toBe(200);
    expect((await stack.subscriber(email))?.checkins).toEqual({ "1": { score: 5, at: expect.any(String) } });
  });

  it("records for someone confirmed before check-ins existed, whose item has no check-ins yet", async () => {
    const email = "early-bird@example.com";
    const subscriber = await confirmedSubscriber(stack, email);
    await stack.context.store.update(subscriber.pk, { remove: ["checkins"] }, {});
    await pass(Date.now());
    expect((await stack.subscriber(email))?.checkins).toBeUndefined();
    expect((await checkin(tap(await latest(email), 3), { score: "3" })).status).toBe(200);
    expect((await stack.subscriber(email))?.checkins).toEqual({ "1": { score: 3, at: expect.any(String) } });
  });

  it("still takes the week's check-in from someone who has since unsubscribed", async () => {
    const email = "gone-quiet@example.com";
    await confirmedSubscriber(stack, email);
    await pass(Date.now());
    const week1 = await latest(email);
    await fetch(linkIn(week1, "/unsubscribe"), { method: "POST" });
    expect((await checkin(tap(week1, 2), { score: "2" })).status).toBe(200);
    const stored = await stack.subscriber(email);
    expect(stored?.status).toBe("unsubscribed");
    expect(stored?.checkins?.["1"]?.score).toBe(2);
  });
});

describe("bad check-ins are refused with a clear 4xx and change nothing", () => {
  let week1: StoredEmail;
  const email = "careful@example.com";
  beforeAll(async () => {
    await confirmedSubscriber(stack, email);
    await pass(Date.now());
    week1 = await latest(email);
    await checkin(tap(week1, 6), { score: "6", note: "Breathing" });
  });

  const unchanged = async (attempt: () => Promise<Response>) => {
    const before = await stack.subscriber(email);
    const response = await attempt();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await stack.subscriber(email)).toEqual(before);
    return { status: response.status, page: await read(response) };
  };

  it.each<[string, { score?: string | string[] }]>([
    ["above 10", { score: "11" }],
    ["below 0", { score: "-1" }],
    ["not a number", { score: "seven" }],
    ["a fraction", { score: "5.5" }],
    ["no score", {}],
    ["two scores", { score: ["2", "9"] }],
  ])("a score %s", async (_name, fields) => {
    const { status, page } = await unchanged(() => checkin(tap(week1, 3), { note: "kept", ...fields }));
    expect(status).toBe(400);
    expect(page).toMatch(/choose a number from 0 to 10|more than once/);
    if (!Array.isArray(fields.score)) expect(page).toContain('value="kept"'); // what they typed comes back
  });

  it("a note longer than 280 characters, which comes back to shorten", async () => {
    const note = "x".repeat(281);
    const { status, page } = await unchanged(() => checkin(tap(week1, 3), { score: "3", note }));
    expect(status).toBe(400);
    expect(page).toContain("keep it to 280 characters");
    expect(page).toContain(`value="${note}"`);
  });

  it("a tampered signature, tampered claims or a link made for something else", async () => {
    const link = tap(week1, 3);
    const [body, signature] = tokenOf(link).split(".");
    const claims = JSON.parse(Buffer.from(body!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, w: 2 })).toString("base64url");
    const base = link.split("?")[0];
    for (const token of [`${body}.${signature!.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`, `${forged}.${signature}`]) {
      const { status, page } = await unchanged(() => checkin(`${base}?token=${token}`, { score: "3" }));
      expect(status).toBe(400);
      expect(page).toContain("This link is not valid");
      expect((await fetch(`${base}?token=${token}`)).status).toBe(400);
    }
    const unsubscribeToken = tokenOf(linkIn(week1, "/unsubscribe"));
    expect((await unchanged(() => checkin(`${base}?token=${unsubscribeToken}`, { score: "3" }))).status).toBe(400);
    expect((await unchanged(() => checkin(base!, { score: "3" }))).status).toBe(400);
  });

  it("a week that hasn't been sent yet", async () => {
    const early = (await stack.links(email)).checkin(2, 3);
    expect((await fetch(early)).status).toBe(409);
    const { status, page } = await unchanged(() => checkin(early, { score: "3" }));
    expect(status).toBe(409);
    expect(page).toContain("isn't open yet");
  });

  it("anything but a form", async () => {
    const json = () =>
      fetch(tap(week1, 3), { method: "POST", headers: { "content-type": "application/json" }, body: '{"score":"3"}' });
    expect((await unchanged(json)).status).toBe(415);
  });

  it("an address that bounced", async () => {
    const bounced = "bounced-checkin@example.com";
    const subscriber = await confirmedSubscriber(stack, bounced);
    await pass(Date.now());
    const mail = await latest(bounced);
    await stack.context.store.update(subscriber.pk, { set: { status: "bounced" } }, {});
    expect((await fetch(tap(mail, 3))).status).toBe(410);
    const response = await checkin(tap(mail, 3), { score: "3" });
    expect(response.status).toBe(410);
    expect((await stack.subscriber(bounced))?.checkins).toEqual({});
  });
});

describe("a new round of the program", () => {
  it("keeps check-in links from an earlier round closed after leaving and signing up again", async () => {
    const email = "second-round@example.com";
    await confirmedSubscriber(stack, email);
    await pass(Date.now());
    const oldWeek1 = await latest(email);
    await fetch(linkIn(oldWeek1, "/unsubscribe"), { method: "POST" });
    // a confirmation goes to one address at most every 10 minutes
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 11 * 60_000);
    await confirmedSubscriber(stack, email);
    await pass(Date.now());
    const before = await stack.subscriber(email);
    expect(before?.week).toBe(2);

    const stale = await checkin(tap(oldWeek1, 4), { score: "4" });
    expect(stale.status).toBe(410);
    expect(await read(stale)).toContain("no longer works");
    expect(await stack.subscriber(email)).toEqual(before);

    const fresh = await checkin(tap(await latest(email), 4), { score: "4" });
    expect(fresh.status).toBe(200);
    expect((await stack.subscriber(email))?.checkins?.["1"]?.score).toBe(4);
  });
});

describe("the trend", () => {
  it("shows someone who scored 7,7,6,5,5,4,4,3 their scores, in a chart and in words, in the last email", async () => {
    const email = "improver@example.com";
    const scores = [7, 7, 6, 5, 5, 4, 4, 3];
    await confirmedSubscriber(stack, email);
    const received = await walk(email, scores);
    expect(received).toHaveLength(9);
    for (const m of received.slice(0, 8)) expect(m.body.text).not.toContain("Looking back on your weeks");

    const last = received[8]!;
    const text = last.body.text!;
    scores.forEach((score, i) => expect(text).toContain(`Week ${i + 1}: ${score}  ${"█".repeat(score)}`));
    expect(text).not.toContain("Week 9:");
    expect(text).toContain("Your score went from 7 in week 1 to 3 in week 8, 4 points lower.");
    expect(text).toContain("Your scores came down");
    expect(text).not.toMatch(/helping|whatever you did/i); // the trend is described, never credited to the program
    expect(text).not.toContain("Please see a doctor or physiotherapist");

    // one row of ten cells per week, as many of them filled as the score
    const html = last.body.html!;
    scores.forEach((score, i) => {
      const row = html.match(new RegExp(`Week ${i + 1}</td>([\\s\\S]*?)</tr></table>`))![1]!;
      expect(row.match(/bgcolor="#2f8f7f"/g) ?? []).toHaveLength(score);
      expect(row.match(/<td width="10%"/g)).toHaveLength(10);
    });
    expect(html).toContain("from 7 in week 1 to 3 in week 8");
    expect(checkinLinks(last).html.map((l) => claimsOf(l).w)).toEqual(Array(11).fill(9)); // week 9 can be checked in too

    // the page after checking in shows the trend so far
    const page = await read(await checkin(tap(last, 2), { score: "2" }));
    expect(page).toContain("Your score went from 7 in week 1 to 2 in week 9, 5 points lower.");
    expect(page).toMatch(/<th scope="row">Week 9<\/th><td>2 <meter/);
  });

  it("shows missing weeks as missing and, when scores went up, suggests seeing a professional", async () => {
    const email = "worse@example.com";
    await confirmedSubscriber(stack, email);
    const last = (await walk(email, [3, null, 4, 4, null, 5, 6, 6])).at(-1)!;
    const text = last.body.text!;
    expect(text).toContain("Week 1: 3  ███");
    expect(text).toContain("Week 2: no check-in");
    expect(text).toContain("Week 5: no check-in");
    expect(text).not.toMatch(/Week 2: 0/);
    expect(text).toContain("Your score went from 3 in week 1 to 6 in week 8, 3 points higher. You checked in 6 of 8 weeks.");
    expect(text).toContain("Please see a doctor or physiotherapist");
    expect(last.body.html!).toMatch(/Week 2<\/td><td[^>]*>no check-in<\/td>/);
  });

  it("suggests a professional when the scores stayed high", async () => {
    const email = "steady-high@example.com";
    await confirmedSubscriber(stack, email);
    const last = (await walk(email, [8, 8, 7, 8, 8, 7, 8, 8])).at(-1)!;
    expect(last.body.text).toContain("Your score was 8 in week 1 and 8 again in week 8.");
    expect(last.body.text).toContain("Your back still hurts quite a lot (8 out of 10 in week 8). Please see a doctor or physiotherapist");
  });

  it("gives someone who never checked in a sensible last email, without an empty chart", async () => {
    const email = "quiet@example.com";
    await confirmedSubscriber(stack, email);
    const last = (await walk(email, [])).at(-1)!;
    const text = last.body.text!;
    expect(text).toContain("Looking back on your weeks");
    expect(text).toContain("You didn't record any weekly scores, so there's no chart to show");
    expect(text).not.toMatch(/Week \d+: (no check-in|\d)/);
    expect(text).not.toContain("undefined");
    expect(last.body.html).not.toContain("bgcolor=\"#2f8f7f\"");
  });

  it("puts the subscriber's own notes on what helped into the last email, and only theirs", async () => {
    const email = "noter@example.com";
    await confirmedSubscriber(stack, email);
    let at = Date.now();
    for (let week = 1; week <= 9; week++) {
      await pass(at);
      const mail = await latest(email);
      if (week === 2) await checkin(tap(mail, 5), { score: "5", note: "Humming while the kettle boils <3" });
      if (week === 4) await checkin(tap(mail, 4), { score: "4", note: "" });
      at = (await stack.subscriber(email))?.dueAt ?? at;
    }
    const last = await latest(email);
    expect(last.body.text).toContain("What you told us helped:\n- Week 2: Humming while the kettle boils <3");
    expect(last.body.html).toContain("Week 2: Humming while the kettle boils &lt;3");
    expect(last.body.text).not.toContain("- Week 4"); // a check-in without a note adds nothing here
    for (const other of await programMail("improver@example.com")) expect(other.body.text).not.toContain("kettle boils");
  });
});
