import { joinParts, type Part } from "./compiled";
import { escapeHtml, fill } from "./fill";
import { programTemplates as templates } from "./program-templates";
import type { RedFlagKind } from "./red-flag-kinds";
import { MUTED_LINK, TEXT } from "./styles";

/**
 * What the use case found in the subscriber's warning signs and check-ins. The signs come in
 * the words the emails use for them (the domain's `short` names), so an email only ever names
 * the signs this person told us about.
 */
export interface Warnings {
  /** the urgent and the soon signs they told us about */
  urgent: readonly string[];
  soon: readonly string[];
  /** those first reported at a check-in since the last email: their advice comes in full again, naming just them */
  newUrgent: readonly string[];
  newSoon: readonly string[];
  /** where they are with a doctor's check of an urgent sign: while it is `unchecked` or `rest`, the movement weeks are held */
  doctor: "none" | "unchecked" | "rest" | "checked";
  /** this week's practice asks the body to move */
  movementWeek: boolean;
  /** what their check-ins since the last email called for */
  checkin: { high: boolean; rise: boolean };
}

/** The movement weeks wait: someone with an urgent sign hasn't told us a doctor cleared them to do more. */
export const isHeld = (w: Pick<Warnings, "doctor">) => w.doctor === "unchecked" || w.doctor === "rest";

type Piece = { kind: RedFlagKind; signs?: readonly string[] };

const none: Part = { html: "", text: "" };

function signList(signs: readonly string[]): Part {
  return {
    html: `<ul style="${TEXT.ul}">${signs.map((sign) => `<li style="${TEXT.li}">${escapeHtml(sign)}</li>`).join("")}</ul>`,
    text: signs.map((sign) => `- ${sign}`).join("\n"),
  };
}

function join(pieces: Piece[], checkedUrl: string): Part {
  const parts = pieces.map(({ kind, signs = [] }) => {
    const template = templates.redFlags[kind];
    const list = signList(signs);
    return {
      html: fill(template.html, { checkedUrl, signs: list.html }, "html"),
      text: fill(template.text, { checkedUrl, signs: list.text }, "text"),
    };
  });
  return joinParts(parts);
}

/** After "a doctor has checked me": a quiet way to change that answer (pressed by mistake, or told not to exercise after all). */
function changeLink(url: string): Part {
  const label = "Pressed it by mistake, or told not to exercise? Update your answer";
  return {
    html: `<p style="margin:0 0 12px;"><a class="link" href="${escapeHtml(url)}" style="${MUTED_LINK}">${label}</a></p>`,
    text: `${label}: ${url}`,
  };
}

/**
 * What a week's email says about the warning signs and the latest check-ins. `first` goes
 * straight after the greeting, urgent first: in week 1, or for a sign first reported at a
 * check-in, the full advice naming the signs; later, while an urgent sign is unchecked, a short
 * reminder with the "I've been checked" button (in the last email without it: nothing held can
 * follow any more); for someone told not to exercise, a kind word that the weeks stay held;
 * then the answer to a worrying check-in; then the soon advice (in full in week 1, and first
 * again in a week that asks the body to move). `note` is a line in the footer: the soon
 * reminder, or a word after a doctor has checked them. `preheader` replaces the week's inbox
 * preview line while an urgent reminder or a check-in's advice applies.
 */
export function redFlagParts(w: Warnings, week: number, last: boolean, checkedUrl: () => string): { first: Part; note: Part; preheader?: string } {
  const first: Piece[] = [];
  const note: Piece[] = [];
  if (w.urgent.length > 0) {
    if (w.doctor === "unchecked") {
      if (last) first.push({ kind: "urgent-final" });
      else if (week === 1) first.push({ kind: "urgent", signs: w.urgent });
      else if (w.newUrgent.length > 0) first.push({ kind: "urgent", signs: w.newUrgent });
      else first.push({ kind: "urgent-reminder" });
    } else if (w.doctor === "rest") first.push({ kind: last ? "rest-final" : "rest" });
    else note.push({ kind: "urgent-checked" });
  }
  if (w.checkin.high) first.push({ kind: "checkin-high" });
  if (w.checkin.rise) first.push({ kind: "checkin-rise" });
  if (w.soon.length > 0) {
    if (week === 1) first.push({ kind: "soon", signs: w.soon });
    else if (w.newSoon.length > 0) first.push({ kind: "soon", signs: w.newSoon });
    else if (w.movementWeek) first.push({ kind: "soon-movement", signs: w.soon });
    else note.push({ kind: "soon-reminder" });
  }
  // only someone with an urgent sign has a doctor's check to tell us about, and not once the program has ended
  const url = !last && w.urgent.length > 0 ? checkedUrl() : "";
  const footer = join(note, url);
  const change = url && note.some((p) => p.kind === "urgent-checked") ? changeLink(url) : none;
  return {
    first: join(first, url),
    note: { html: footer.html + change.html, text: [footer.text, change.text].filter(Boolean).join("\n\n") },
    preheader: first.map((p) => templates.redFlags[p.kind].preheader).find(Boolean),
  };
}
