import { ALERT_RISE, ALERT_SCORE, alertKinds, type AlertKind } from "../../../functions/domain/checkin/safety";
import type { Stats } from "../stats/figures";
import { count } from "./cells";
import type { Section } from "./section";

const labels: Record<AlertKind, string> = {
  "high score": `a score of ${ALERT_SCORE} or more`,
  rise: `a rise of ${ALERT_RISE} or more over their first score`,
  "new urgent sign": "an urgent warning sign, reported for the first time",
  "new soon sign": "a soon warning sign, reported for the first time",
};

/** The safety net at the check-ins: how often a check-in called for advice, by kind. Never who. */
export function safetyNet(stats: Stats): Section {
  return {
    id: "safety-net",
    heading: "The safety net at check-ins",
    intro: [
      "Check-ins that showed the person advice to see a doctor or physiotherapist at once (and repeated it in their next email), by what called for it. One check-in can be more than one kind; a check-in changed later counts as last saved. Counts only: never who.",
    ],
    table: {
      caption: "Check-ins that called for advice, by kind",
      head: ["Event", "Check-ins", "Subscribers"],
      rows: alertKinds.map((kind) => [labels[kind], count(stats.safetyEvents[kind].checkins), count(stats.safetyEvents[kind].subscribers)]),
    },
  };
}
