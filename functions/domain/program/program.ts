import type { Answer } from "../subscriber/self-check";

/**
 * Personalising the order of the weekly program from the self-check.
 * `cycle` (how stress becomes pain) always opens and `keep-going` always closes; the weeks in
 * between are ordered by how much the subscriber's answers point to them, ties kept in the
 * default order. The README documents this table.
 */
export const FIRST_WEEK = "cycle";
export const LAST_WEEK = "keep-going";

export const emphasis: Record<Answer, Partial<Record<string, number>>> = {
  sleep: { sleep: 3 },
  mood: { breathing: 3, "body-scan": 1 },
  morning: { "gentle-movement": 2 },
  rest: { walking: 2 },
  location: { "body-scan": 2 },
  appetite: { food: 2 },
  fatigue: { food: 1, sleep: 1 },
  chronic: { relaxation: 1 },
};

/** The subscriber's program: template ids in the order they will be sent. */
export function personalise(defaultOrder: readonly string[], answers: readonly Answer[]): string[] {
  const score = (id: string) => answers.reduce((sum, answer) => sum + (emphasis[answer][id] ?? 0), 0);
  const middle = defaultOrder
    .filter((id) => id !== FIRST_WEEK && id !== LAST_WEEK)
    .map((id, index) => ({ id, index, score: score(id) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ id }) => id);
  return [FIRST_WEEK, ...middle, LAST_WEEK];
}
