import { afterEach, describe, expect, it } from "vitest";
import { FOLLOW_UP_DAYS } from "../functions/domain/outcomes/follow-up";
import { runPass } from "../functions/domain/sending/pass";
import { recordEmailEvent } from "../functions/domain/suppression/suppression";
import { templates } from "../functions/email/templates";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm, type StoredEmail } from "./support/http";
import { sesEvent } from "./support/ses-events";
import { useMemoryStack } from "./support/use-stack";

/**
 * The outcome questions on the memory stack: a baseline at signup, the questions after the last
 * email, and the one follow-up about three months later, scheduled through the due index and
 * stopped by whatever stops a weekly email.
 */
const stack = useMemoryStack();
afterEach(() => {
  stack.context.clock = () => new Date();
});

const DAY = 86_400_000;
const pass = (at: number) => runPass(stack.context, { now: new Date(at) });
const mailOf = async (email: string): Promise<StoredEmail[]> => (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject));
const followUpSubject = templates.followUp.subject;
const secondsAfter = (at: string, months: number) => {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return Math.floor(d.getTime() / 1000);
};

/**
 * Sends every program week, each when it is due; returns when the last went out. The app's
 * clock then reads an hour later, so what the pages do happens after the last email.
 */
async function finish(email: string): Promise<number> {
  let at = Date.now();
  for (let i = 0; i < 12; i++) {
    await pass(at);
    const s = await stack.subscriber(email);
    if (!s || (s.status !== "active" && s.status !== "paused")) {
      stack.context.clock = () => new Date(at + 3_600_000);
      return at;
    }
    at = s.dueAt!;
  }
  throw new Error("the program never ended");
}
const read = async (response: Response) => (await response.text()).replace(/&#39;/g, "'");

/** Someone who signed up with a baseline and has had every week; their last email. */
async function finished(email: string, baseline: Record<string, string> = { pain: "6", enjoyment: "5", activity: "7" }) {
  await confirmedSubscriber(stack, email, { baseline, tz: "Europe/Berlin" });
  const lastAt = await finish(email);
  const last = (await mailOf(email)).at(-1)!;
  return { lastAt, last, end: linkIn(last, "/end") };
}

describe("the baseline at signup", () => {
  it("is shown on the confirm link's page (anyone can type an address), and carried through confirmation", async () => {
    const email = "shown@example.com";
    await postForm(`${stack.url}/subscribe`, { email, answers: [], flags: [], tz: "UTC", consent: "yes", website: "", pain: "7" });
    const pending = (await stack.subscriber(email))!;
    const nonce = pending.signupNonce;
    const page = await (await fetch((await stack.links(email)).confirm(nonce))).text();
    expect(page).toContain("What number best describes your pain on average in the past week? 7 (0 = No pain");
  });

  it("is optional, and what was answered is carried through confirmation into the round", async () => {
    const some = await confirmedSubscriber(stack, "baseline@example.com", { baseline: { pain: "7", activity: "" } });
    expect(some.baseline).toMatchObject({ pain: 7 });
    expect(some.baseline).not.toHaveProperty("activity");
    expect(some.baseline).not.toHaveProperty("enjoyment");
    const none = await confirmedSubscriber(stack, "no-baseline@example.com");
    expect(none.baseline).toBeUndefined();
  });

  it("refuses a number off the scale with a 400 that names the problem, and stores nothing", async () => {
    const response = await postForm(`${stack.url}/subscribe`, {
      email: "offscale@example.com", answers: [], flags: [], tz: "UTC", consent: "yes", website: "", pain: "11",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Please choose a number from 0 to 10");
    expect(await stack.subscriber("offscale@example.com")).toBeUndefined();
  });
});

describe("the questions after the last email", () => {
  it("are in the last email only, and open only once it has gone out", async () => {
    const email = "early@example.com";
    await confirmedSubscriber(stack, email);
    await pass(Date.now());
    const [week1] = await mailOf(email);
    expect(week1!.body.text).not.toContain("/end?token=");
    const early = await fetch((await stack.links(email)).end());
    expect(early.status).toBe(409);
    await finish(email);
    const received = await mailOf(email);
    expect(received.filter((m) => m.body.text?.includes("/end?token="))).toHaveLength(1);
    expect(received.at(-1)!.body.text).toContain("Before you go: how is your back now?");
  });

  it("record the answers (a GET records nothing); a tick schedules one follow-up about three months after the last email, at the send hour", async () => {
    const email = "asks@example.com";
    const { lastAt, end } = await finished(email);
    const page = await fetch(end);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("What number best describes your pain on average in the past week?");
    expect((await stack.subscriber(email))!.atEnd).toBeUndefined();

    const saved = await postForm(end, { pain: "3", enjoyment: "2", activity: "4", change: "muchBetter", followUp: "yes" });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Your pain on average: 6 out of 10 when you signed up, 3 now.");
    const s = (await stack.subscriber(email))!;
    expect(s).toMatchObject({ status: "followUp", atEnd: { pain: 3, enjoyment: 2, activity: 4, change: "muchBetter", followUp: true } });
    expect(s.expiresAt).toBeUndefined(); // kept until the follow-up has gone out
    expect(s.dueAt! - lastAt).toBeGreaterThanOrEqual(FOLLOW_UP_DAYS * DAY);
    expect(s.dueAt! - lastAt).toBeLessThan((FOLLOW_UP_DAYS + 1) * DAY);
    const hour = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "numeric", hourCycle: "h23" }).format(new Date(s.dueAt!));
    expect(Number(hour)).toBe(stack.context.settings.sendHour);

    // nothing before it is due; then the follow-up, once, with a way out, and retention counts from it
    await pass(s.dueAt! - DAY);
    expect((await mailOf(email)).filter((m) => m.subject === followUpSubject)).toHaveLength(0);
    await pass(s.dueAt!);
    await pass(s.dueAt! + 60_000);
    const followUps = (await stack.mail.sent).filter((m) => m.subject === followUpSubject && m.destination.to[0] === email);
    expect(followUps).toHaveLength(1);
    expect(followUps[0]!.unsubscribeUrl).toContain("/unsubscribe?token=");
    expect(followUps[0]!.body.text).toContain(stack.context.settings.postalAddress);
    const done = (await stack.subscriber(email))!;
    expect(done).toMatchObject({ status: "completed", week: 11 });
    expect(done.dueAt).toBeUndefined();
    expect(done.sent!.at(-1)).toMatchObject({ week: 10, template: "follow-up" });
    expect(done.expiresAt).toBe(secondsAfter(done.sent!.at(-1)!.at, stack.context.settings.retentionMonths));

    const answered = await postForm(linkIn(followUps[0]!, "/follow-up"), { pain: "2", change: "better" });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain("6 out of 10 when you signed up, 2 now");
    expect((await stack.subscriber(email))!.atFollowUp).toMatchObject({ pain: 2, change: "better" });
    // the end page no longer offers a follow-up: it has been
    expect(await (await fetch(end)).text()).not.toContain('name="followUp"');
  });

  it("without the tick, or untick later: no follow-up, and the data expires as after any program", async () => {
    const email = "declines@example.com";
    const { end } = await finished(email);
    await postForm(end, { followUp: "yes" });
    expect((await stack.subscriber(email))!.status).toBe("followUp");
    // nothing else answered: unticking alone still cancels it
    expect((await postForm(end, {})).status).toBe(200);
    expect((await stack.subscriber(email))!.status).toBe("completed");
    await postForm(end, { pain: "5", followUp: "yes" });
    await postForm(end, { pain: "5" });
    const s = (await stack.subscriber(email))!;
    expect(s).toMatchObject({ status: "completed", atEnd: { pain: 5, followUp: false } });
    expect(s.dueAt).toBeUndefined();
    expect(s.expiresAt).toBe(secondsAfter(s.sent!.at(-1)!.at, stack.context.settings.retentionMonths));
  });

  it("refuse what the form never sends with a 400, and change nothing", async () => {
    const email = "garbled@example.com";
    const { end } = await finished(email);
    const garbled: Record<string, string | string[]>[] = [{}, { pain: "", change: "" }, { pain: "-1" }, { pain: "3.5" }, { change: "ecstatic" }, { followUp: "please" }, { pain: ["3", "4"] }];
    for (const fields of garbled) {
      const response = await postForm(end, fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
    }
    const s = (await stack.subscriber(email))!;
    expect(s.status).toBe("completed");
    expect(s.atEnd).toBeUndefined();
  });
});

describe("the follow-up honours whatever stops a weekly email", () => {
  it("someone who unsubscribes after asking for it gets nothing more; someone who left first can answer but not ask", async () => {
    const email = "leaves@example.com";
    const { last, end } = await finished(email);
    await postForm(end, { pain: "4", followUp: "yes" });
    const dueAt = (await stack.subscriber(email))!.dueAt!;
    expect((await fetch(linkIn(last, "/unsubscribe"), { method: "POST" })).status).toBe(200);
    expect((await stack.subscriber(email))).toMatchObject({ status: "unsubscribed" });
    await pass(dueAt + DAY);
    expect((await mailOf(email)).filter((m) => m.subject === followUpSubject)).toHaveLength(0);

    const page = await read(await fetch(end));
    expect(page).toContain("You've unsubscribed, so we won't email you again.");
    expect(page).not.toContain('name="followUp"');
    expect((await postForm(end, { pain: "2", followUp: "yes" })).status).toBe(200);
    const s = (await stack.subscriber(email))!;
    // they did ask once; leaving cancelled it, and nothing brings it back
    expect(s).toMatchObject({ status: "unsubscribed", atEnd: { pain: 2, followUp: true } });
    expect(s.dueAt).toBeUndefined();
  });

  it("a bounce or complaint between asking and the follow-up stops it for good", async () => {
    const email = "bounces@example.com";
    const { end } = await finished(email);
    await postForm(end, { followUp: "yes" });
    const dueAt = (await stack.subscriber(email))!.dueAt!;
    const at = new Date().toISOString();
    await recordEmailEvent(stack.context, sesEvent("Bounce", email, at, "m"), new Date());
    await pass(dueAt + DAY);
    expect((await mailOf(email)).filter((m) => m.subject === followUpSubject)).toHaveLength(0);
    expect((await stack.subscriber(email))!.status).toBe("bounced");
  });

  it("a pause during the program moves the follow-up with the last email it delayed", async () => {
    const email = "pauses@example.com";
    await confirmedSubscriber(stack, email);
    await pass(Date.now());
    const [week1] = await mailOf(email);
    expect((await postForm(linkIn(week1!, "/pause"), { weeks: "4" })).status).toBe(200);
    const lastAt = await finish(email);
    const end = linkIn((await mailOf(email)).at(-1)!, "/end");
    await postForm(end, { followUp: "yes" });
    const s = (await stack.subscriber(email))!;
    expect(Date.parse(s.sent!.at(-1)!.at)).toBe(lastAt);
    expect(s.dueAt! - lastAt).toBeGreaterThanOrEqual(FOLLOW_UP_DAYS * DAY);
  });

  it("the follow-up's questions open only once it has gone out", async () => {
    const email = "impatient@example.com";
    const { end } = await finished(email);
    await postForm(end, { followUp: "yes" });
    const response = await fetch((await stack.links(email)).followUp());
    expect(response.status).toBe(409);
    expect((await stack.subscriber(email))!.atFollowUp).toBeUndefined();
  });
});
