import type { RedFlagKind } from "./red-flag-kinds";

/** One email or fragment, as HTML and as its plain-text alternative; both still have slots. */
export type Part = { html: string; text: string };

/** Parts one after another: the HTML run together, the text a paragraph each. */
export function joinParts(parts: readonly Part[]): Part {
  return { html: parts.map((p) => p.html).join(""), text: parts.map((p) => p.text).join("\n\n") };
}

type Week = { id: string; theme: string; subject: string; preheader: string; teaser: string } & Part;

/** What `templates/build.ts` compiles (it writes it as two files, one per Lambda that needs it). */
export type Compiled = {
  /** Full documents, in the default order. `teaser` is plain text for the previous week's `{{{nextUp}}}`. */
  program: Week[];
  /** Weeks outside the default order, sent only when the program order calls for one (`on-hold`). */
  interludes: Week[];
  /** A week's version for someone whose movement weeks are held (`templates/held/`), by the id it stands in for. */
  held: Week[];
  /** The one follow-up, about three months after the last week, for those who asked for it. */
  followUp: { subject: string; preheader: string } & Part;
  /** Fragments for `{{{notes}}}`, keyed by self-check answer; `week` is the program id they belong to. */
  notes: Record<string, { week: string } & Part>;
  /** Full documents with an `{{actionUrl}}` button. */
  system: Record<"confirm" | "alreadySubscribed" | "dataLink", { subject: string; preheader: string } & Part>;
  /**
   * Fragments for `{{{redFlags}}}` (first after the greeting) and `{{{redFlagNote}}}` (footer);
   * some have a `{{checkedUrl}}` button, some a `{{{signs}}}` list (the signs this person told
   * us about), and some a `preheader` that becomes the inbox preview line while they apply.
   */
  redFlags: Record<RedFlagKind, Part & { preheader?: string }>;
};
