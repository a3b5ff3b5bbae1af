import { afterEach, describe, expect, it } from "vitest";
import { templates } from "../functions/email/templates";
import { decodeEntities, preheaderIn } from "../templates/previews";
import { confirmedSubscriber, sendWhenDue } from "./support/people";
import { linkIn, postForm, type StoredEmail } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

/**
 * The safety net reacts (CONTENT.md "Safety"): the advice for a ticked warning sign comes first
 * on the page the form posts to, whatever else is wrong with the form; a check-in with a high
 * score, a rise of 3 or more over the first, or a newly ticked sign gets the matching advice on
 * the page at once and in the next email; and "has a doctor checked you?" can be answered
 * three ways, and changed.
 */
const stack = useMemoryStack();
afterEach(() => {
  stack.context.clock = () => new Date();
});

const mainOf = (html: string) => decodeEntities(html.slice(html.indexOf("<main"), html.indexOf("</main>")));
/** The page's visible text in order, without its markup (hidden elements dropped first). */
const textOf = (html: string) =>
  mainOf(html)
    .replace(/<(\w+)[^>]*\shidden[^>]*>[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
const preheaderOf = (email: StoredEmail) => decodeEntities(preheaderIn(email.body.html!)!);
const subjectOf = (id: string) => [...templates.program, ...templates.interludes].find((w) => w.id === id)!.subject;
const programMail = async (email: string) => (await stack.mailTo(email)).filter((m) => !/confirm|download link/i.test(m.subject));

const HIGH = "Your back hurt a lot at your last check-in";
const RISE = "Your scores have gone up since your first check-in";

/**
 * Sends the next week as the sender would when it is due, the app's clock set to that moment
 * (so check-ins and sends share one timeline); returns the new email.
 */
async function nextWeek(email: string): Promise<StoredEmail> {
  const before = (await programMail(email)).length;
  await sendWhenDue(stack, email);
  const received = await programMail(email);
  expect(received.length, "one more email").toBe(before + 1);
  return received.at(-1)!;
}

/** Checks in from the email's link for that score; returns the page. */
async function checkIn(week: StoredEmail, score: number, flags: string[] = []) {
  const response = await postForm(linkIn(week, "/checkin"), { score: String(score), note: "", flags });
  return { status: response.status, html: await response.text() };
}

describe("the signup form, posted with a warning sign", () => {
  it("shows the sign's advice first, before the errors, even with no address, naming only what was ticked", async () => {
    const response = await postForm(`${stack.url}/subscribe`, { email: "", tz: "UTC", website: "", answers: ["mood"], flags: ["bladder", "thoracic"] });
    expect(response.status).toBe(400);
    const html = await response.text();
    const main = mainOf(html);
    // only the page heading comes before it
    expect(main.slice(0, main.indexOf('<section class="card flag-urgent"'))).toBe('<main id="main"><h1>Stress, back pain and what helps</h1>');
    const text = textOf(html);
    const at = (words: string) => text.indexOf(words);
    expect(at("Please get urgent medical help today")).toBeLessThan(at("New problems with your bladder or bowels"));
    expect(at("New problems with your bladder or bowels")).toBeLessThan(at("Please see a doctor in the next few days"));
    expect(at("Pain in your upper back, between the shoulder blades")).toBeLessThan(at("Please check the form"));
    expect(at("Please check the form")).toBeGreaterThan(-1);
    // the signs not ticked aren't named in the advice (they are only the form's own checkboxes)
    const advice = text.slice(0, at("Please check the form"));
    for (const other of ["saddle area", "Sciatica", "fever", "cancer", "Osteoporosis"]) expect(advice).not.toContain(other);
    expect(await stack.subscribers()).toEqual([]); // a form with an error changes nothing
  });

  it("still shows the advice for the signs it knows when another value is unknown", async () => {
    const response = await postForm(`${stack.url}/subscribe`, { email: "someone@example.com", tz: "UTC", consent: "yes", website: "", flags: ["saddle", "nonsense"] });
    expect(response.status).toBe(400);
    const text = textOf(await response.text());
    expect(text.indexOf("Numbness around your genitals, bottom or inner thighs (the saddle area)")).toBeLessThan(text.indexOf("isn't one we know"));
  });
});

describe("check-ins that call for a professional's look", () => {
  it("5, 7, 9: nothing at 7; at 9 the advice on the page at once, and in the next email first, its preview line too", async () => {
    const email = "rising@example.com";
    await confirmedSubscriber(stack, email);
    const week1 = await nextWeek(email);
    for (const page of [await checkIn(week1, 5), await checkIn(await nextWeek(email), 7)]) {
      expect(page.status).toBe(200);
      expect(textOf(page.html)).not.toMatch(/see a doctor or physiotherapist|urgent medical help/);
    }
    const week3 = await nextWeek(email);
    expect(week3.body.text).not.toMatch(new RegExp(`${HIGH}|${RISE}`));
    const saved = await checkIn(week3, 9);
    const text = textOf(saved.html);
    expect(text.indexOf("Please see a doctor or physiotherapist in the next few days")).toBeLessThan(text.indexOf("Week 3: 9 out of 10"));
    expect(text).toContain("Your back is at 9 out of 10 this week");
    expect(text).toContain("Your score has gone up by 4 points since your first check-in (5 in week 1, 9 in week 3)");

    const week4 = await nextWeek(email);
    const body = week4.body.text!;
    expect(body.indexOf(HIGH)).toBeGreaterThan(-1);
    expect(body.indexOf(HIGH)).toBeLessThan(body.indexOf(RISE));
    expect(week4.subject).toBe(subjectOf("walking"));
    expect(body.indexOf(RISE)).toBeLessThan(body.indexOf("When your back hurts")); // both before the week's lesson
    expect(preheaderOf(week4)).toBe("Your last check-in: please see a doctor or physiotherapist in the next few days.");
    // said once: the week after, with no new check-in, the email is the week's own again
    const week5 = await nextWeek(email);
    expect(week5.body.text).not.toMatch(new RegExp(`${HIGH}|${RISE}`));
    expect(preheaderOf(week5)).toBe(templates.program.find((w) => w.subject === week5.subject)!.preheader);
  });

  it("a rise of 3 (2, then 5) gets the rise advice alone", async () => {
    const email = "rise-of-three@example.com";
    await confirmedSubscriber(stack, email);
    await checkIn(await nextWeek(email), 2);
    const text = textOf((await checkIn(await nextWeek(email), 5)).html);
    expect(text).toContain("Your score has gone up by 3 points since your first check-in (2 in week 1, 5 in week 2)");
    expect(text).not.toContain("out of 10 this week");
    const next = (await nextWeek(email)).body.text!;
    expect(next).toContain(RISE);
    expect(next).not.toContain(HIGH);
  });
});

describe("a warning sign ticked at a check-in", () => {
  it("is offered again, briefly: only the signs not reported yet", async () => {
    const email = "offered@example.com";
    await confirmedSubscriber(stack, email, { flags: ["night"] });
    const page = decodeEntities(await (await fetch(linkIn(await nextWeek(email), "/checkin"))).text());
    expect(page).toContain("<legend>Anything new?</legend>");
    expect(page.match(/name="flags"/g)).toHaveLength(13);
    expect(page).not.toContain('value="night"');
    expect(page).toContain("Legs getting weaker, or unsteady on your feet");
  });

  it("urgent, after a doctor had checked the first: advice first on the page, the hold back, and the next email names only the new sign", async () => {
    const email = "new-sign@example.com";
    await confirmedSubscriber(stack, email, { answers: ["rest"], flags: ["bladder"] });
    const week1 = await nextWeek(email);
    expect((await postForm(linkIn(week1, "/checked"), { answer: "checked" })).status).toBe(200);
    const week2 = await nextWeek(email);
    expect(week2.subject).toBe(subjectOf("walking")); // checked: the self-check put walking second
    expect((await stack.subscriber(email))?.checkedAt).toBeDefined();

    // a form with an error still shows the advice first, and records nothing
    const refused = await postForm(linkIn(week2, "/checkin"), { note: "", flags: ["fever"] });
    expect(refused.status).toBe(400);
    const refusedText = textOf(await refused.text());
    expect(refusedText.indexOf("Please get urgent medical help today")).toBeLessThan(refusedText.indexOf("Please choose a number"));
    expect((await stack.subscriber(email))?.flags).toEqual(["bladder"]);

    const saved = await checkIn(week2, 4, ["fever"]);
    expect(saved.status).toBe(200);
    const text = textOf(saved.html);
    expect(text.indexOf("Please get urgent medical help today")).toBeLessThan(text.indexOf("Week 2: 4 out of 10"));
    expect(text).toContain("You told us about: A fever, or feeling very unwell, with the back pain");
    expect(text).not.toContain("bladder");
    const stored = (await stack.subscriber(email))!;
    expect(stored.flags).toEqual(["bladder", "fever"]);
    expect(stored.checkins?.["2"]).toMatchObject({ score: 4, flags: ["fever"] });
    expect(stored.checkedAt).toBeUndefined(); // a new urgent sign needs a check of its own

    const week3 = await nextWeek(email);
    expect(week3.subject).not.toBe(subjectOf("gentle-movement")); // held again
    const body = week3.body.text!;
    expect(body.indexOf("Please get urgent medical help today.")).toBeLessThan(body.indexOf("How is your back this week?"));
    expect(body).toMatch(/You told us about:\n\n- A fever, or feeling very unwell, with the back pain\n\n/);
    expect(body).not.toMatch(/bladder/i);
    expect(preheaderOf(week3)).toBe("Please get urgent medical help today: you told us about a warning sign.");
    // changing that check-in later keeps the sign with it
    await checkIn(week2, 3);
    expect((await stack.subscriber(email))?.checkins?.["2"]).toMatchObject({ score: 3, flags: ["fever"] });
  });

  it("soon: the full advice in the next email, naming it, instead of the footer line", async () => {
    const email = "new-soon@example.com";
    await confirmedSubscriber(stack, email);
    await checkIn(await nextWeek(email), 3, ["osteoporosis"]);
    const body = (await nextWeek(email)).body.text!;
    expect(body.indexOf("Please see a doctor in the next few days.")).toBeLessThan(body.indexOf("How is your back this week?"));
    expect(body).toMatch(/You told us about:\n\n- Osteoporosis, or a bone broken in a minor fall\n\n/);
    // from then on, the footer line, as for a sign ticked at signup
    const later = (await nextWeek(email)).body.text!;
    expect(later).not.toContain("Please see a doctor in the next few days.");
    expect(later).toContain("please see a doctor in the next few days.");
  });
});

describe("has a doctor checked you? three answers, and a change of mind", () => {
  it("told not to exercise keeps the weeks held, kindly; undo holds them again; checked brings them back in their own order", async () => {
    const email = "three-answers@example.com";
    await confirmedSubscriber(stack, email, { answers: ["morning"], flags: ["weakness"] });
    const week1 = await nextWeek(email);
    const link = linkIn(week1, "/checked");

    const rest = decodeEntities(await (await postForm(link, { answer: "rest" })).text());
    expect(rest).toContain("Following your doctor's advice is the right thing to do, and nothing about it is your fault.");
    expect(await stack.subscriber(email)).toMatchObject({ restAdvisedAt: expect.any(String) });
    const week2 = await nextWeek(email);
    expect(week2.subject).toBe(subjectOf("breathing"));
    expect(week2.body.text!.indexOf("You told us a doctor asked you to hold off on exercise for now.")).toBeLessThan(
      week2.body.text!.indexOf("When you are stressed or sore"),
    );
    expect(week2.body.text).toMatch(/Update my answer: http\S+\/checked\?token=/);
    expect(week2.body.text).not.toMatch(/get urgent medical help today if you haven't been checked/);
    expect(preheaderOf(week2)).toBe(templates.program.find((w) => w.id === "breathing")!.preheader);

    // the page now offers what fits: "I can do more now", or undo
    const page = decodeEntities(await (await fetch(link)).text());
    expect(page).toContain("You told us to keep the movement weeks on hold");
    expect(page).toMatch(/value="checked"[^>]*>My doctor says I can do more now</);
    expect(page).toMatch(/value="undo"[^>]*>Undo: I haven't been checked yet</);

    expect((await postForm(link, { answer: "undo" })).status).toBe(200);
    const undone = (await stack.subscriber(email))!;
    expect([undone.checkedAt, undone.restAdvisedAt]).toEqual([undefined, undefined]);
    const week3 = await nextWeek(email);
    expect(week3.body.text).toContain("A reminder: get urgent medical help today");
    expect(preheaderOf(week3)).toBe("A reminder: please get urgent medical help today if you haven't been checked yet.");

    expect((await postForm(link, { answer: "checked" })).status).toBe(200);
    // morning put gentle movement first among the middle weeks: it comes next, then the rest in their order
    const rest2 = [];
    for (let i = 0; i < 6; i++) rest2.push((await nextWeek(email)).subject);
    expect(rest2).toEqual(["gentle-movement", "walking", "food", "sleep", "relaxation", "keep-going"].map(subjectOf));
  });

  it("someone without an urgent sign has nothing to answer: the page says so and nothing is stored", async () => {
    const email = "no-urgent@example.com";
    await confirmedSubscriber(stack, email, { flags: ["age"] });
    const link = (await stack.links(email)).checked();
    expect(decodeEntities(await (await fetch(link)).text())).toContain("Nothing to change here");
    expect(decodeEntities(await (await postForm(link, { answer: "checked" })).text())).toContain("Nothing to change here");
    expect((await stack.subscriber(email))?.checkedAt).toBeUndefined();
  });
});
