/**
 * The words the emails use, one for each thing, and what they mean. `npm run build` refuses a
 * template that uses one of the words to avoid (test/glossary.test.ts also checks every email
 * as sent, and the pages); README.md's "Editing the emails" shows this table.
 */
export interface Term {
  term: string;
  means: string;
  /** what not to write instead, as the README shows it, and the pattern that finds it */
  avoid: { words: string; pattern: RegExp };
}

export const glossary: readonly Term[] = [
  {
    term: "warning sign",
    means: "one of the signs in the self-check's two tiers (urgent, soon) that needs a doctor; nothing else is called that",
    avoid: { words: "red flag, early warning sign", pattern: /\bred[- ]flags?\b|\bearly warning signs?\b/i },
  },
  {
    term: "urgent medical help today",
    means: "what an urgent warning sign needs: an emergency department, urgent care or the local emergency number",
    avoid: { words: "A&E, ER, emergency room, a country's emergency number", pattern: /\bA&E\b|\bER\b|\bemergency room\b|\b(?:911|999)\b/ },
  },
  {
    term: "in the next few days",
    means: "how soon a soon warning sign, a score of 8 or more, or a rising score needs a doctor's or physiotherapist's look",
    avoid: { words: "see a doctor soon, within a few days", pattern: /\bsee a doctor soon\b|\bwithin (?:a few|some) days\b/i },
  },
  {
    term: "the saddle area",
    means: "the skin around the genitals, bottom and inner thighs; always written after those words, in brackets",
    avoid: { words: "saddle area without that explanation", pattern: /(?<!genitals, bottom or inner thighs \(the )saddle area/i },
  },
  {
    term: "program",
    means: "the nine weekly emails, as a whole",
    avoid: { words: "programme", pattern: /\bprogrammes?\b/i },
  },
  {
    term: "nine weeks",
    means: "how long the program lasts: one email a week (seven for someone whose movement weeks stay held)",
    avoid: { words: "two months, about nine weeks, for eight weeks", pattern: /\btwo months\b|\babout nine weeks\b|\b(?:for|lasts?|over) (?:about |around )?(?:eight|8|9) weeks\b/i },
  },
  {
    term: "check-in",
    means: "the weekly 0–10 score: a number tapped in the email, then saved on the page it opens",
    avoid: { words: "checkin, one tap, one click (every change takes a link and then a button)", pattern: /\bcheckins?\b|\bone[- ](?:tap|click)\b/i },
  },
  {
    term: "the movement weeks",
    means: "walking, gentle movement and progressive muscle relaxation, held while an urgent warning sign hasn't been checked; emails to someone held call them this and name none of them",
    avoid: { words: "exercise weeks, active weeks", pattern: /\b(?:exercise|active) weeks\b/i },
  },
  {
    term: "a doctor has checked you",
    means: "what the button under the urgent advice tells us; a doctor who asked them not to exercise for now keeps the movement weeks held",
    avoid: { words: "cleared, all clear", pattern: /\bcleared\b|\ball clear\b/i },
  },
  {
    term: "stored with your answers",
    means: "what becomes of anything a subscriber writes or ticks: it comes back to them (last email, download), and the operator can read it (`npm run export`)",
    avoid: { words: "only you will see it, nobody else, kept private", pattern: /\bonly you (?:will|can) see\b|\bnobody else\b|\bkept private\b/i },
  },
  {
    term: "physiotherapist",
    means: "the other professional the emails suggest, beside a doctor",
    avoid: { words: "physio, physical therapist", pattern: /\bphysio\b|\bphysical therapists?\b/i },
  },
  {
    term: "go gently, stop if it hurts",
    means: "how the emails talk about a practice: never a promise that it is safe",
    avoid: { words: "moving is safe, this practice is safe", pattern: /\b(?:moving|movement|exercises?|walking|practices?|stretch(?:es|ing)?) (?:is|are) safe\b/i },
  },
];

/** Each word to avoid in `text`, with the term to use instead. */
export function glossaryProblems(text: string): string[] {
  return glossary.flatMap(({ term, avoid }) => {
    const found = text.match(avoid.pattern);
    return found ? [`"${found[0]}": write "${term}" (see templates/glossary.ts)`] : [];
  });
}

/** The glossary as the README shows it. */
export const glossaryTable = [
  "| term | what it means | not |",
  "| --- | --- | --- |",
  ...glossary.map(({ term, means, avoid }) => `| ${term} | ${means} | ${avoid.words} |`),
].join("\n");
