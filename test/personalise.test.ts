import { describe, expect, it } from "vitest";
import { emphasis, FIRST_WEEK, LAST_WEEK, personalise } from "../functions/domain/program/program";
import { answerIds } from "../functions/domain/subscriber/self-check";
import { templates } from "../functions/email/templates";
import { defaultOrder } from "../functions/email/week-order";

const order = defaultOrder;

describe("the order of someone's program", () => {
  it("keeps the default order when nothing was ticked, opening with the stress cycle and closing with the plan", () => {
    expect(personalise(order, [])).toEqual(order);
    expect(order[0]).toBe(FIRST_WEEK);
    expect(order.at(-1)).toBe(LAST_WEEK);
  });

  it.each([
    [["sleep"], "sleep"],
    [["mood"], "breathing"],
    [["appetite"], "food"],
    [["morning"], "gentle-movement"],
    [["rest"], "walking"],
    [["location"], "body-scan"],
  ] as const)("brings the matching week forward for %j", (answers, week) => {
    const program = personalise(order, answers);
    expect(program[1]).toBe(week);
    expect(program[0]).toBe(FIRST_WEEK);
    expect(program.at(-1)).toBe(LAST_WEEK);
    expect([...program].sort()).toEqual([...order].sort());
  });

  it("only names weeks that exist, for every answer", () => {
    for (const answer of answerIds) {
      for (const week of Object.keys(emphasis[answer])) expect(order).toContain(week);
    }
  });

  it("puts a personal note for every answer into a week of the program", () => {
    for (const answer of answerIds) expect(order).toContain(templates.notes[answer]?.week);
  });
});
