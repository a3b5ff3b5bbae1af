import { describe, expect, it } from "vitest";
import { HELD_UNTIL_CHECKED } from "../functions/domain/program/order";
import { flags } from "../functions/domain/subscriber/self-check";
import { runPass } from "../functions/domain/sending/pass";
import { templates } from "../functions/email/templates";
import { preheaderIn } from "../templates/previews";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm, type StoredEmail } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

/**
 * Someone who ticks an urgent warning sign is told to get medical help today, first thing in
 * the email, and the weeks that ask the body to move wait until they tell us (one tap, then a
 * button) that a doctor has checked them.
 */
const stack = useMemoryStack();

const subjectOf = (id: string) => [...templates.program, ...templates.interludes].find((w) => w.id === id)!.subject;
const programMail = async (email: string): Promise<StoredEmail[]> =>
  (await stack.mailTo(email)).filter((m) => !/confirm|download link/i.test(m.subject));
const URGENT = "Please get urgent medical help today.";
const REMINDER = "A reminder: get urgent medical help today";
const SOON = "Please see a doctor in the next few days.";
const CHECKED_NOTE = "You told us a doctor has checked the warning sign";
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');

/** Sends week after week, stopping after `weeks` emails or when the program is over. */
async function walk(email: string, weeks = 20): Promise<StoredEmail[]> {
  let at = (await stack.subscriber(email))?.dueAt ?? Date.now();
  for (let i = 0; i < 20 && (await programMail(email)).length < weeks; i++) {
    await runPass(stack.context, { now: new Date(at) });
    const subscriber = await stack.subscriber(email);
    if (!subscriber?.dueAt) break;
    at = subscriber.dueAt;
  }
  return programMail(email);
}

describe("the signup form and the result page", () => {
  const signUp = async (email: string, ticked: { answers?: string[]; flags?: string[] }) =>
    (await postForm(`${stack.url}/subscribe`, { email, tz: "UTC", consent: "yes", website: "", answers: [], flags: [], ...ticked })).text();

  it("asks about every warning sign of both tiers, the urgent ones first", async () => {
    const html = await (await fetch(`${stack.url}/`)).text();
    const positions = flags.map((f) => html.indexOf(`name="flags" value="${f.id}"`));
    for (const position of positions) expect(position).toBeGreaterThan(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(flags.map((f) => f.urgency)).toEqual([...Array(5).fill("urgent"), ...Array(9).fill("soon")]);
    // NICE's list: upper-back pain, osteoporosis or a fracture from a minor fall, injecting drugs
    for (const sign of [/both legs/, /under 20 or over 50/, /steroid/, /immune system/, /upper back/, /osteoporosis/, /inject drugs/]) expect(html).toMatch(sign);
  });

  it("puts the urgent advice first, before the inbox reminder, and with both tiers shows both, urgent first", async () => {
    const page = decode(await signUp("result.both@example.com", { answers: ["mood"], flags: ["weight", "bothLegs"] }));
    const main = page.slice(page.indexOf("<main"));
    const urgent = main.indexOf("Please get urgent medical help today");
    const soon = main.indexOf("Please see a doctor in the next few days");
    expect(urgent).toBeGreaterThan(-1);
    expect(urgent).toBeLessThan(soon);
    expect(soon).toBeLessThan(main.indexOf("We've sent you an email"));
    expect(main.slice(0, urgent)).not.toMatch(/<p/); // only the page heading comes before it
    expect(main).toContain("Sciatica in both legs at once");
    expect(main).toContain("A drop in weight you can't explain");
    expect(main).toContain("until you tell us a doctor has checked you");
    expect(main).toContain("1 of the 8 statements fits you.");
    expect(main).not.toMatch(/made for exactly this|quite a lot|weight loss/);
  });

  it("never reads many ticks as proof of stress", async () => {
    const page = decode(await signUp("result.many@example.com", { answers: ["rest", "morning", "chronic", "location", "mood"] }));
    expect(page).toContain("5 of the 8 statements fit you.");
    expect(page).toContain("a self-check can't tell what is behind your pain");
    expect(page).not.toMatch(/This pattern is common when stress/);
  });
});

describe("the first email for someone who ticked warning signs", () => {
  it("puts the urgent advice first after the greeting, then the soon advice, then the lesson, in HTML and text", async () => {
    const email = "both-tiers@example.com";
    await confirmedSubscriber(stack, email, { answers: ["sleep"], flags: ["bladder", "weight"] });
    const [week1] = await walk(email, 1);
    const html = decode(week1!.body.html!);
    const text = week1!.body.text!;
    for (const part of [html, text]) {
      const urgent = part.indexOf(URGENT);
      const soon = part.indexOf(SOON);
      const lesson = part.indexOf("If your back hurts and life feels full right now");
      expect(urgent).toBeGreaterThan(-1);
      expect(urgent).toBeLessThan(soon);
      expect(soon).toBeLessThan(lesson);
      expect(lesson).toBeLessThan(part.indexOf("How is your back this week?"));
    }
    // nothing a reader sees comes before the urgent advice but the brand line
    const body = html.slice(html.indexOf("<body"), html.indexOf(URGENT));
    const visible = body.replace(/<div[^>]*display:none[^>]*>[\s\S]*?<\/div>/, "").replace(/<[^>]+>/g, " ");
    expect(visible.trim()).toBe("unknot");
    expect(html).toMatch(/href="[^"]+\/checked\?token=[^"]+" name="checked"[^>]*>I've been checked by a doctor</);
    // only the signs they ticked, each box its own, and the urgent one is the inbox preview line
    expect(text).toMatch(/Please get urgent medical help today\. You told us about:\n\n- New problems with your bladder or bowels\n\n/);
    expect(text).toMatch(/Please see a doctor in the next few days\. You told us about:\n\n- A drop in weight you can't explain\n\n/);
    const advice = text.slice(0, text.indexOf("If your back hurts and life feels full right now"));
    for (const other of [/saddle/, /[Ss]ciatica/, /fever/, /cancer/, /steroids/, /at night/, /under 20/]) expect(advice).not.toMatch(other);
    expect(decode(preheaderIn(html)!)).toBe("Please get urgent medical help today: you told us about a warning sign.");
    expect(linkIn(week1!, "/checked")).toMatch(/^http/);
  });

  it("with only a soon sign: the advice first in week 1 and in the weeks that ask the body to move, a line in the footer of the others, and no urgent words", async () => {
    const email = "soon-only@example.com";
    await confirmedSubscriber(stack, email, { flags: ["age"] });
    const [week1, week2, , week4] = await walk(email, 4);
    // walking: before the practice, their sign and the advice to ask a doctor whether it suits their back
    expect(week4!.subject).toBe(subjectOf("walking"));
    const walking = week4!.body.text!;
    expect(walking).toMatch(/Before this week's practice\. You told us about:\n\n- Back pain that first started under 20 or over 50\n\n/);
    expect(walking.indexOf("Before this week's practice")).toBeLessThan(walking.indexOf("When your back hurts"));
    expect(walking).not.toContain("please see a doctor in the next few days."); // not twice
    expect(week1!.body.text!.indexOf(SOON)).toBeLessThan(week1!.body.text!.indexOf("If your back hurts"));
    expect(week2!.subject).toBe(subjectOf("breathing"));
    expect(week2!.body.text).not.toContain(SOON);
    const footer = week2!.body.text!.slice(week2!.body.text!.indexOf("Unsubscribe:") - 200);
    expect(footer).toContain("please see a doctor in the next few days");
    for (const m of [week1!, week2!]) {
      expect(m.body.text).not.toMatch(/urgent|\/checked\?/i);
    }
  });
});

describe("an urgent warning sign holds the movement weeks until a doctor has checked them", () => {
  it("sends the calmer weeks, then one week that says what is held and why, then the plan; never a held week", async () => {
    const email = "never-checked@example.com";
    await confirmedSubscriber(stack, email, { answers: ["rest", "morning"], flags: ["weakness"] });
    const received = await walk(email);
    expect(received.map((m) => m.subject)).toEqual(
      ["cycle", "breathing", "body-scan", "food", "sleep", "on-hold", "keep-going"].map(subjectOf),
    );
    for (const held of HELD_UNTIL_CHECKED) expect(received.map((m) => m.subject)).not.toContain(subjectOf(held));
    const onHold = received[5]!.body.text!;
    expect(onHold).toContain("The movement weeks, the three that ask the most of your body, are still waiting");
    expect(onHold).toContain("We held them back on purpose");
    // the full box once, in week 1; after that a short reminder, still first and with the button
    expect(received[0]!.body.text).toContain(URGENT);
    for (const m of received.slice(1, -1)) {
      const text = m.body.text!;
      expect(text, m.subject).not.toContain(URGENT);
      expect(text.indexOf(REMINDER), m.subject).toBeGreaterThan(-1);
      expect(text.indexOf(REMINDER), m.subject).toBeLessThan(text.indexOf("How is your back this week?"));
      expect(text, m.subject).toContain("I've been checked by a doctor: ");
    }
    // the last email still says it first, but offers no button: nothing held can follow now
    const last = received.at(-1)!.body.text!;
    expect(last.indexOf("Please get urgent medical help today if you haven't been checked yet")).toBeLessThan(last.indexOf("Thank you for staying with it"));
    expect(last).toContain("the movement weeks we held back won't follow");
    expect(last).not.toMatch(/\/checked\?|I've been checked/);
    const done = await stack.subscriber(email);
    expect(done?.status).toBe("completed");
    expect(done?.sent?.map((s) => s.template)).toEqual(["cycle", "breathing", "body-scan", "food", "sleep", "on-hold", "keep-going"]);
  });

  it("the link in the email: GET shows the answers and records nothing; POST records one, and the held weeks come back in their own order", async () => {
    const email = "checked@example.com";
    await confirmedSubscriber(stack, email, { flags: ["saddle"] });
    const [week1] = await walk(email, 1);
    const link = linkIn(week1!, "/checked");

    const page = await fetch(link);
    expect(page.status).toBe(200);
    const body = decode(await page.text());
    expect(body).toContain("Has a doctor checked you?");
    expect(body).toMatch(/<form method="post"[\s\S]*<button type="submit" name="answer" value="checked">Yes, a doctor has checked me<\/button>/);
    expect(body).toMatch(/<button type="submit" name="answer" value="rest"[^>]*>Yes, and I was told not to exercise for now<\/button>/);
    expect((await stack.subscriber(email))?.checkedAt).toBeUndefined(); // a link scanner changes nothing
    // a POST that isn't one of the buttons changes nothing
    expect((await fetch(link, { method: "POST" })).status).toBe(415);
    expect((await postForm(link, { answer: "cleared" })).status).toBe(400);
    expect((await postForm(link, { answer: ["checked", "undo"] })).status).toBe(400);
    expect((await stack.subscriber(email))?.checkedAt).toBeUndefined();

    const pressed = await postForm(link, { answer: "checked" });
    expect(pressed.status).toBe(200);
    expect(decode(await pressed.text())).toContain("We'll add the weeks with walking, gentle movement");
    const checkedAt = (await stack.subscriber(email))?.checkedAt;
    expect(checkedAt).toBeDefined();
    expect((await postForm(link, { answer: "checked" })).status).toBe(200); // twice is harmless, and keeps the first time
    expect((await stack.subscriber(email))?.checkedAt).toBe(checkedAt);
    // and it is part of what they can download about themselves
    expect((await postForm(linkIn(week1!, "/my-data"), { action: "email" })).status).toBe(200);
    const [emailed] = (await stack.mailTo(email)).filter((m) => /download link/.test(m.subject));
    const data = await (await fetch(linkIn(emailed!, "/export"), { method: "POST" })).json();
    expect(data).toMatchObject({ checkedByDoctorAt: checkedAt, warningSigns: [{ id: "saddle", sign: expect.stringContaining("Numbness") }] });

    // checked after week 1: the rest in the order the self-check gave (no answers: the default order), not last
    const received = await walk(email);
    expect(received.map((m) => m.subject)).toEqual(
      ["cycle", "breathing", "body-scan", "walking", "gentle-movement", "food", "sleep", "relaxation", "keep-going"].map(subjectOf),
    );
    for (const m of received.slice(1)) {
      expect(m.body.text, m.subject).not.toMatch(/A reminder: get urgent|I've been checked/);
      expect(m.body.text, m.subject).toContain(CHECKED_NOTE);
    }
    // the footer offers to change the answer (told not to exercise, or pressed by mistake), except in the last email
    for (const m of received.slice(1, -1)) expect(m.body.text, m.subject).toMatch(/Update your answer: http\S+\/checked\?token=/);
    expect(received.at(-1)!.body.text).not.toMatch(/\/checked\?/);
    expect((await fetch(link)).status).toBe(410); // the program has finished: a friendly page, not a 404
    expect(await (await fetch(link)).text()).toMatch(/<h1>Your program has finished<\/h1>[\s\S]*nothing left to change/);
  });

  it("tapped after the on-hold week, the held weeks follow before the plan", async () => {
    const email = "late-check@example.com";
    await confirmedSubscriber(stack, email, { flags: ["fever"] });
    const first = await walk(email, 6);
    expect(first.at(-1)!.subject).toBe(subjectOf("on-hold"));
    expect((await postForm(linkIn(first.at(-1)!, "/checked"), { answer: "checked" })).status).toBe(200);
    const received = await walk(email);
    expect(received.slice(6).map((m) => m.subject)).toEqual(["walking", "gentle-movement", "relaxation", "keep-going"].map(subjectOf));
    expect((await stack.subscriber(email))?.status).toBe("completed");
  });

  it("refuses links that aren't a signed \"checked\" link with a clear 4xx, and changes nothing", async () => {
    const email = "stranger-target@example.com";
    await confirmedSubscriber(stack, email, { flags: ["bothLegs"] });
    const [week1] = await walk(email, 1);
    const unsubscribeToken = new URL(linkIn(week1!, "/unsubscribe")).searchParams.get("token")!;
    const checked = linkIn(week1!, "/checked");
    const tampered = checked.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    for (const url of [`${stack.url}/checked?token=${unsubscribeToken}`, tampered, `${stack.url}/checked`]) {
      for (const method of ["GET", "POST"]) {
        const response = await fetch(url, { method });
        expect(response.status, `${method} ${url}`).toBe(400);
        expect(await response.text()).toContain("This link is not valid");
      }
    }
    expect((await stack.subscriber(email))?.checkedAt).toBeUndefined();
  });
});
