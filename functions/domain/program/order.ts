import { FIRST_WEEK, LAST_WEEK, personalise } from "./program";
import { urgencyOf, type Answer, type Flag } from "../subscriber/self-check";
import type { Subscriber } from "../subscriber/subscriber";

/**
 * What an urgent warning sign does to the order of the program. Someone who ticked one is told
 * to get medical help today, and the weeks that ask the body to move (walking, gentle movement,
 * progressive muscle relaxation) wait until they tell us a doctor has checked them: the calmer
 * weeks come first. If only held weeks are left and they haven't told us, they get one
 * `ON_HOLD` week that says what is held and why, then the closing week: never a silent stop.
 * Telling us later brings the held weeks back, before the closing week.
 */
export const HELD_UNTIL_CHECKED: readonly string[] = ["walking", "gentle-movement", "relaxation"];
export const ON_HOLD = "on-hold";
/** The held weeks, as the pages name them. */
export const HELD_IN_WORDS = "walking, gentle movement and progressive muscle relaxation";

/** Movement weeks wait: an urgent sign was ticked and nobody has told us it was checked. */
export function holdsMovement(subscriber: Pick<Subscriber, "flags" | "checkedAt">): boolean {
  return urgencyOf(subscriber.flags) === "urgent" && !subscriber.checkedAt;
}

const held = (id: string) => HELD_UNTIL_CHECKED.includes(id);

/** The personalised order; with an urgent sign, the held weeks come after the calmer ones. */
export function plannedProgram(defaultOrder: readonly string[], answers: readonly Answer[], flags: readonly Flag[]): string[] {
  const order = personalise(defaultOrder, answers);
  if (urgencyOf(flags) !== "urgent") return order;
  const middle = order.slice(1, -1);
  return [FIRST_WEEK, ...middle.filter((id) => !held(id)), ...middle.filter(held), LAST_WEEK];
}

/**
 * The program as it stands just before `week` is sent: the weeks already sent stay as they
 * were, the rest follow the rules above. Without an urgent sign, the stored program is kept.
 */
export function programBeforeWeek(
  defaultOrder: readonly string[],
  subscriber: Pick<Subscriber, "answers" | "flags" | "checkedAt" | "program">,
  week: number,
): string[] {
  const program = subscriber.program ?? [];
  if (urgencyOf(subscriber.flags) !== "urgent") return program;
  const sent = program.slice(0, week - 1);
  const rest = plannedProgram(defaultOrder, subscriber.answers, subscriber.flags).filter((id) => !sent.includes(id));
  if (!holdsMovement(subscriber)) return [...sent, ...rest];
  const calm = rest.filter((id) => !held(id));
  if (calm.length === rest.length || sent.includes(ON_HOLD)) return [...sent, ...calm];
  const closing = calm.at(-1) === LAST_WEEK ? [LAST_WEEK] : [];
  return [...sent, ...calm.slice(0, calm.length - closing.length), ON_HOLD, ...closing];
}
