import { describe, expect, it } from "vitest";
import type { Flag } from "../functions/domain/subscriber/self-check";
import type { Subscriber } from "../functions/domain/subscriber/subscriber";
import { reportHtml } from "../infra/ops/report/page";
import { statsOf } from "../infra/ops/stats/figures";
import { statsItem, type Shape } from "./support/stats-items";

/**
 * The operator's count of the safety net at work: check-ins that called for advice, by kind
 * (a score of 8 or more, a rise of 3 or more over the first, a warning sign first reported at
 * a check-in, urgent or soon), and how many people; never who. A sign first reported at a
 * check-in is not counted as ticked at signup.
 */
let n = 0;
const person = (shape: Shape, reported: Record<number, Flag[]> = {}): Subscriber => {
  const s = statsItem({ pk: `p-${++n}`, email: `p-${n}@example.com` }, "active", { sent: [1, 2, 3, 4], ...shape });
  for (const [week, signs] of Object.entries(reported)) s.checkins![week]!.flags = signs;
  return s;
};

// 5 → 7 → 9: week 3 is both a high score and a rise of 4; the 9 is also the only high score
const rising = () => person({ scores: { 1: 5, 2: 7, 3: 9 } });
// 2 → 5: a rise of 3, not high
const riseOnly = () => person({ scores: { 1: 2, 2: 5 } });
// a fever first reported at the week-2 check-in (it joined their signs then), and a night-pain at week 3
const newSigns = () => person({ scores: { 1: 3, 2: 3, 3: 4 }, flags: ["fever", "night"] }, { 2: ["fever"], 3: ["night"] });
const calm = () => person({ scores: { 1: 4, 2: 4 }, flags: ["bladder"] });

const items = [...Array.from({ length: 5 }, rising), riseOnly(), ...Array.from({ length: 6 }, newSigns), calm()];

describe("the safety net's figures", () => {
  it("count check-ins and people by kind of event", async () => {
    const stats = await statsOf([items]);
    expect(stats.safetyEvents).toEqual({
      "high score": { checkins: 5, subscribers: 5 },
      rise: { checkins: 6, subscribers: 6 },
      "new urgent sign": { checkins: 6, subscribers: 6 },
      "new soon sign": { checkins: 6, subscribers: 6 },
    });
    // signs first reported at a check-in aren't signs ticked at signup: only the bladder sign was
    expect(stats.redFlags).toEqual({ urgent: 1, soon: 0, none: 12 });
  });

  it("are a section of the report, small counts suppressed, with no one named", async () => {
    const html = await reportHtml(await statsOf([items]), { source: "test", filter: {}, generatedAt: new Date("2026-01-01T00:00:00Z") });
    const section = html.slice(html.indexOf('<section id="safety-net"'), html.indexOf("</section>", html.indexOf('<section id="safety-net"')));
    expect(section).toContain("The safety net at check-ins");
    expect(section).toMatch(/<th scope="row">a score of 8 or more<\/th><td>5<\/td><td>5<\/td>/);
    expect(section).toMatch(/<th scope="row">a rise of 3 or more over their first score<\/th><td>6<\/td><td>6<\/td>/);
    expect(section).toMatch(/<th scope="row">an urgent warning sign, reported for the first time<\/th><td>6<\/td><td>6<\/td>/);
    const fewer = await reportHtml(await statsOf([[rising(), riseOnly()]]), { source: "test", filter: {}, generatedAt: new Date() });
    expect(fewer).toMatch(/<th scope="row">a score of 8 or more<\/th><td>fewer than 5<\/td><td>fewer than 5<\/td>/);
    expect(html).not.toMatch(/p-\d+|@example\.com|private note/);
  });
});
