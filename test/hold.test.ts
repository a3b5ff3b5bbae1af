import { afterEach, describe, expect, it } from "vitest";
import { asksToMove } from "../functions/domain/program/order";
import { answerIds, flags } from "../functions/domain/subscriber/self-check";
import { redFlagKinds } from "../functions/email/red-flag-kinds";
import { templates } from "../functions/email/templates";
import { decodeEntities, preheaderIn } from "../templates/previews";
import { confirmedSubscriber, sendWhenDue } from "./support/people";
import { linkIn, postForm, type StoredEmail } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

/**
 * Nothing sent to someone whose movement weeks are held suggests moving (CONTENT.md "Safety":
 * no walking or "keep moving" advice to someone held). Movement advice is anything matching
 * this list; the one sentence every email's footer carries ("Stop any exercise that makes your
 * pain sharply worse.") tells people to stop, and matches none of it.
 */
const MOVEMENT_ADVICE: readonly RegExp[] = [
  /\bwalk/i, // walk, walks, walking, a walking plan
  /\bmov(?:e|es|ing)\s+(?:more|gently|often|a little)\b/i, // not "pain that moves around": that is where it hurts
  /\bmore movement\b/i,
  /\bkeep(?:ing)?\s+(?:moving|active)\b/i,
  /\b(?:stay|be|get|getting)\s+(?:active|moving)\b/i,
  /\bgentle\s+(?:movement|activity|exercise)/i,
  /\bactivity\b/i,
  /\bmobility\b/i,
  /\bstretch/i,
  /\b(?:try|do|start|some|gentle|light|regular|daily|more)\s+exercis/i,
  /\b(?:yoga|tai chi|pilates|swimming|cycling|jogging)\b/i,
  /\bmarch(?:ing)?\b/i,
  /\b(?:moving|movement|exercise) is safe\b/i,
];

const adviceIn = (text: string) => MOVEMENT_ADVICE.flatMap((pattern) => text.match(pattern)?.[0] ?? []);

const stack = useMemoryStack();
afterEach(() => {
  stack.context.clock = () => new Date();
});

/** What a reader can see of an email: subject, inbox preview line, text, and the HTML's words. */
const readable = (email: StoredEmail) =>
  [
    email.subject,
    decodeEntities(preheaderIn(email.body.html!) ?? ""),
    email.body.text!,
    decodeEntities(email.body.html!.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ")),
  ].join("\n");

describe("someone whose movement weeks are held", () => {
  it("gets no movement advice in any email, from the confirmation to the back plan, whatever they tick and score", async () => {
    const email = "held-all-the-way@example.com";
    // every urgent sign, every self-check answer (every note a calm week can carry), never checked
    const urgent = flags.filter((f) => f.urgency === "urgent").map((f) => f.id);
    await confirmedSubscriber(stack, email, { answers: [...answerIds], flags: urgent });
    // check-ins that call for every kind of advice along the way: a high score, a rise, a new soon sign
    const scores: [number, string[]][] = [[5, []], [9, []], [6, ["thoracic"]], [8, []], [4, []], [9, []], [3, []]];
    for (let week = 1; week <= 12; week++) {
      if (!(await sendWhenDue(stack, email))) break;
      const sent = (await stack.mailTo(email)).filter((m) => !/confirm/i.test(m.subject)).at(-1)!;
      const [score, ticked] = scores[week - 1] ?? [5, []];
      expect((await postForm(linkIn(sent, "/checkin"), { score: String(score), note: "", flags: ticked })).status).toBe(200);
    }
    const received = await stack.mailTo(email);
    const stored = (await stack.subscriber(email))!;
    expect(stored.status).toBe("completed");
    const weeks = stored.sent!.map((s) => s.template);
    expect(weeks).toHaveLength(7);
    expect(weeks.slice(-2)).toEqual(["on-hold", "keep-going"]);
    for (const held of ["walking", "gentle-movement", "relaxation"]) expect(weeks).not.toContain(held);
    expect(received).toHaveLength(8); // the confirmation and seven weeks
    // they did get the advice the check-ins called for, so the emails checked here are the ones that carry it
    const all = received.map(readable).join("\n");
    for (const words of ["Your back hurt a lot at your last check-in", "Your scores have gone up", "Pain in your upper back, between the shoulder blades"]) {
      expect(all).toContain(words);
    }
    for (const m of received) expect(adviceIn(readable(m)), m.subject).toEqual([]);
  });

  it("can be sent no template, fragment or note that suggests moving", () => {
    const calmWeeks = templates.program.filter((w) => !asksToMove(w.id)).map((w) => templates.held.find((h) => h.id === w.id) ?? w);
    const notes = Object.entries(templates.notes).filter(([, note]) => !asksToMove(note.week));
    // "urgent-checked" goes only to someone no longer held, "soon-movement" only into a week that asks the body to move
    const fragments = redFlagKinds.filter((kind) => kind !== "urgent-checked" && kind !== "soon-movement");
    const parts: [string, string][] = [
      ...calmWeeks.map((w): [string, string] => [w.id, `${w.subject}\n${w.preheader}\n${w.teaser}\n${w.text}`]),
      ...templates.interludes.map((w): [string, string] => [w.id, `${w.subject}\n${w.preheader}\n${w.teaser}\n${w.text}`]),
      ...notes.map(([answer, note]): [string, string] => [`note ${answer}`, note.text]),
      ...fragments.map((kind): [string, string] => [kind, `${templates.redFlags[kind].preheader ?? ""}\n${templates.redFlags[kind].text}`]),
      ...Object.entries(templates.system).map(([name, e]): [string, string] => [name, `${e.subject}\n${e.preheader}\n${e.text}`]),
      // every sign as the emails name it
      ...flags.map((f): [string, string] => [`sign ${f.id}`, f.short]),
    ];
    for (const [what, text] of parts) expect(adviceIn(text), what).toEqual([]);
  });

  it("(the list is not empty words: it finds the advice the held versions leave out)", () => {
    for (const id of ["walking", "gentle-movement", "keep-going"]) {
      expect(adviceIn(templates.program.find((w) => w.id === id)!.text), id).not.toEqual([]);
    }
    expect(adviceIn(templates.notes.rest!.text)).not.toEqual([]);
  });
});
