import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { answerIds, flagIds, type Answer, type Flag } from "../functions/domain/subscriber/self-check";
import { settingsFromEnv } from "../infra/aws/stage-config";
import { glossary, glossaryProblems, glossaryTable } from "../templates/glossary";
import { decodeEntities, preheaderOf, previewProgram } from "../templates/previews";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

/**
 * One word for each thing (templates/glossary.ts): every template as written, every email as
 * sent (for people with no sign, each tier, checked or not, told not to exercise, with check-ins
 * that call for advice) and the pages use none of the words the glossary avoids.
 */
const stack = useMemoryStack();
const ROOT = path.resolve(import.meta.dirname, "..");

const textOfPage = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, " "));

describe("the glossary", () => {
  it("finds each word it avoids, and names the term to write instead", () => {
    const samples: Record<string, string> = {
      "warning sign": "Note your early warning signs. A red flag.",
      program: "The programme ends here.",
      "nine weeks": "one email a week for about two months",
      "check-in": "One tap, and you'll see it.",
      "the saddle area": "numbness in the saddle area",
      "in the next few days": "please see a doctor soon",
      "go gently, stop if it hurts": "remind it that moving is safe",
      "stored with your answers": "One line. Only you will see it.",
    };
    for (const [term, text] of Object.entries(samples)) expect(glossaryProblems(text).join(" "), text).toContain(`write "${term}"`);
    // explained, it is the term itself
    expect(glossaryProblems("numbness around your genitals, bottom or inner thighs (the saddle area)")).toEqual([]);
  });

  it("holds for every template as written", async () => {
    const dirs = ["program", "interludes", "held", "notes", "system"];
    for (const dir of dirs) {
      for (const name of (await readdir(path.join(ROOT, "templates", dir))).filter((n) => n.endsWith(".md"))) {
        const source = (await readFile(path.join(ROOT, "templates", dir, name), "utf8")).replace(/^kind: .*$/m, "");
        expect(glossaryProblems(source), `${dir}/${name}`).toEqual([]);
      }
    }
  });

  it("holds for every email as sent, whoever gets it", () => {
    const settings = settingsFromEnv({});
    const people: { answers: Answer[]; flags: Flag[]; checkedAfter?: number; scores?: number[] }[] = [
      { answers: [], flags: [] },
      { answers: [...answerIds], flags: [...flagIds], scores: [5, 7, 9, 2, 10] },
      { answers: ["sleep"], flags: ["bladder", "saddle"], checkedAfter: 2, scores: [2, 6] },
      { answers: ["morning", "rest"], flags: ["night", "age", "thoracic", "osteoporosis", "drugs"] },
    ];
    for (const person of people) {
      for (const { name, email } of previewProgram(person.answers, person.flags, settings, person).previews) {
        // the words, not the links (a check-in link's path is /checkin)
        const readable = [email.subject, preheaderOf(email), email.text, textOfPage(email.html)].join("\n").replace(/https?:\/\/\S+/g, "");
        expect(glossaryProblems(readable), `${name} for ${JSON.stringify(person)}`).toEqual([]);
      }
    }
  });

  it("holds for the pages a subscriber sees", async () => {
    const email = "words@example.com";
    const signup = await postForm(`${stack.url}/subscribe`, { email: "not-an-address", answers: [...answerIds], flags: [...flagIds], tz: "UTC", website: "" });
    const pages = [await (await fetch(`${stack.url}/`)).text(), await signup.text()];
    const result = await postForm(`${stack.url}/subscribe`, { email, answers: [...answerIds], flags: ["bladder", "night"], tz: "UTC", consent: "yes", website: "" });
    pages.push(await result.text());
    await confirmedSubscriber(stack, `confirmed-${email}`, { flags: ["fever"] });
    const links = await stack.links(`confirmed-${email}`);
    await (await import("../functions/domain/sending/pass")).runPass(stack.context, { now: new Date() });
    const [week1] = (await stack.mailTo(`confirmed-${email}`)).filter((m) => !/confirm/i.test(m.subject));
    pages.push(await (await fetch(linkIn(week1!, "/checkin"))).text());
    pages.push(await (await postForm(linkIn(week1!, "/checkin"), { score: "9", note: "", flags: ["weight"] })).text());
    pages.push(await (await fetch(links.checked())).text());
    for (const answer of ["rest", "checked", "undo"]) pages.push(await (await postForm(links.checked(), { answer })).text());
    for (const page of pages) expect(glossaryProblems(textOfPage(page))).toEqual([]);
  });

  it("is the table README's \"Editing the emails\" shows", async () => {
    expect(glossary.length).toBeGreaterThan(5);
    const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
    expect(readme, `README.md should hold this table:\n${glossaryTable}`).toContain(glossaryTable);
  });
});
