import type { Part } from "./compiled";
import { fill } from "./fill";
import { programTemplates as templates } from "./program-templates";
import type { RedFlagKind } from "./red-flag-kinds";

/** What the use case found in the subscriber's warning signs: which tiers they ticked, and whether movement weeks are held for them. */
export interface Warnings {
  urgent: boolean;
  soon: boolean;
  /** an urgent sign nobody has told us was checked holds the movement weeks back */
  held: boolean;
}

const none: Part = { html: "", text: "" };

const join = (kinds: RedFlagKind[], checkedUrl: string): Part => {
  const parts = kinds.map((kind) => templates.redFlags[kind]);
  return {
    html: parts.map((p) => fill(p.html, { checkedUrl }, "html")).join(""),
    text: parts.map((p) => fill(p.text, { checkedUrl }, "text")).join("\n\n"),
  };
};

/**
 * What a week's email says about the warning signs someone ticked. `first` goes straight after
 * the greeting: in week 1 the full advice, urgent before soon; later, while the urgent sign is
 * unchecked, a short reminder with the "I've been checked" button instead of the same box again
 * (in the last email without the button: nothing held can follow any more).
 * `note` is a line in the footer: the soon reminder, or a word after a doctor has checked them.
 */
export function redFlagParts(
  { urgent, soon, held }: Warnings,
  week: number,
  last: boolean,
  checkedUrl: () => string,
): { first: Part; note: Part } {
  if (!urgent && !soon) return { first: none, note: none };
  const first: RedFlagKind[] = [];
  const note: RedFlagKind[] = [];
  if (held) first.push(week === 1 ? "urgent" : last ? "urgent-final" : "urgent-reminder");
  if (urgent && !held) note.push("urgent-checked");
  if (soon) (week === 1 ? first : note).push(week === 1 ? "soon" : "soon-reminder");
  const url = held && !last ? checkedUrl() : "";
  return { first: join(first, url), note: join(note, url) };
}
