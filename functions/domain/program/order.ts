import { FIRST_WEEK, LAST_WEEK, personalise } from "./program";
import { urgencyOf, type Answer, type Flag } from "../subscriber/self-check";
import type { Subscriber } from "../subscriber/subscriber";

/**
 * What an urgent warning sign does to the order of the program. Someone who ticked one is told
 * to get medical help today, and the weeks that ask the body to move (walking, gentle movement,
 * progressive muscle relaxation) wait until they tell us a doctor has checked them and they may
 * do more: the calmer weeks come first. If only held weeks are left and they haven't told us,
 * they get one `ON_HOLD` week that says what is held and why, then the closing week: never a
 * silent stop. Telling us later brings the held weeks back in the subscriber's own order (the
 * one their answers gave), before the closing week. "A doctor told me not to exercise for now"
 * keeps them held, and "undo" holds them again.
 */
export const HELD_UNTIL_CHECKED: readonly string[] = ["walking", "gentle-movement", "relaxation"];
export const ON_HOLD = "on-hold";
/** The held weeks, as the pages name them (the emails to someone held name none of them). */
export const HELD_IN_WORDS = "walking, gentle movement and progressive muscle relaxation";

/** Whether this week of the program asks the body to move (and so waits while movement is held). */
export const asksToMove = (id: string) => HELD_UNTIL_CHECKED.includes(id);

/**
 * Where someone with an urgent warning sign is with the doctor's check: not told us yet, told us
 * a doctor asked them not to exercise for now, or checked and free to do more. `none` without
 * an urgent sign.
 */
export type DoctorCheck = "none" | "unchecked" | "rest" | "checked";

export function doctorCheckOf(subscriber: Pick<Subscriber, "flags" | "checkedAt" | "restAdvisedAt">): DoctorCheck {
  if (urgencyOf(subscriber.flags) !== "urgent") return "none";
  return subscriber.checkedAt ? "checked" : subscriber.restAdvisedAt ? "rest" : "unchecked";
}

/** The personalised order; with an urgent sign, the held weeks come after the calmer ones. */
export function plannedProgram(defaultOrder: readonly string[], answers: readonly Answer[], flags: readonly Flag[]): string[] {
  const order = personalise(defaultOrder, answers);
  if (urgencyOf(flags) !== "urgent") return order;
  const middle = order.slice(1, -1);
  return [FIRST_WEEK, ...middle.filter((id) => !asksToMove(id)), ...middle.filter(asksToMove), LAST_WEEK];
}

/**
 * The program as it stands just before `week` is sent: the weeks already sent stay as they
 * were, the rest follow the rules above. Without an urgent sign, the stored program is kept.
 */
export function programBeforeWeek(
  defaultOrder: readonly string[],
  subscriber: Pick<Subscriber, "answers" | "flags" | "checkedAt" | "restAdvisedAt" | "program">,
  week: number,
): string[] {
  const program = subscriber.program ?? [];
  const check = doctorCheckOf(subscriber);
  if (check === "none") return program;
  const sent = program.slice(0, week - 1);
  // movement weeks wait until someone tells us a doctor cleared them to do more
  if (check === "checked") {
    // checked: the rest in their own order, the held weeks where their answers put them
    return [...sent, ...personalise(defaultOrder, subscriber.answers).filter((id) => !sent.includes(id))];
  }
  const calm = plannedProgram(defaultOrder, subscriber.answers, subscriber.flags).filter((id) => !sent.includes(id) && !asksToMove(id));
  const waiting = HELD_UNTIL_CHECKED.some((id) => !sent.includes(id));
  if (!waiting || sent.includes(ON_HOLD)) return [...sent, ...calm];
  const closing = calm.at(-1) === LAST_WEEK ? [LAST_WEEK] : [];
  return [...sent, ...calm.slice(0, calm.length - closing.length), ON_HOLD, ...closing];
}
