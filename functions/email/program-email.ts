import { brandOf, callToAction } from "./brand-parts";
import { brandedEmail, subscriberFooter } from "./branded-email";
import { joinParts, type Part } from "./compiled";
import { escapeHtml } from "./fill";
import type { EmailLinks, EmailSettings, Recipient } from "./inputs";
import type { OutgoingEmail } from "./outgoing-email";
import { light } from "./palette";
import { programTemplates as templates } from "./program-templates";
import { isHeld, redFlagParts, type Warnings } from "./red-flags";

const byId = new Map([...templates.program, ...templates.interludes].map((week) => [week.id, week]));
/** The versions of a week for someone whose movement weeks are held: nothing in them suggests moving more. */
const heldById = new Map(templates.held.map((week) => [week.id, week]));

const weekFor = (id: string | undefined, held: boolean) => (id ? ((held && heldById.get(id)) || byId.get(id)) : undefined);

/** Per-send pieces a later step adds to an email (the check-in row; in the last week the trend and the end questions). */
export interface Extras {
  checkin?: Part;
  trend?: Part;
  outcomes?: Part;
}

function nextUp(teaser: string | undefined): Part {
  if (!teaser) return { html: "", text: "" };
  return {
    html: `<p style="margin:24px 0 0;font-style:italic;color:${light.muted};">${escapeHtml(teaser)}</p>`,
    text: teaser,
  };
}

/** The personal notes for this week: one per self-check answer that points here. */
export function notesFor(subscriber: Pick<Recipient, "answers">, templateId: string): Part {
  return joinParts(
    subscriber.answers.flatMap((answer) => {
      const note = templates.notes[answer];
      return note && note.week === templateId ? [note] : [];
    }),
  );
}

/**
 * One week of a subscriber's program, ready to send: the compiled template with this
 * subscriber's warning-sign advice, notes, look-ahead and signed links filled in.
 */
export function programEmail(
  subscriber: Pick<Recipient, "email" | "answers" | "program">,
  week: number,
  links: EmailLinks,
  settings: EmailSettings,
  warnings: Warnings,
  extras: Extras = {},
): OutgoingEmail {
  const program = subscriber.program ?? [];
  const id = program[week - 1];
  const held = isHeld(warnings);
  const template = weekFor(id, held);
  if (!id || !template) throw new Error(`week ${week} is not in this subscriber's program`);
  const following = weekFor(program[week], held);
  const redFlags = redFlagParts(warnings, week, !following, links.checked);
  // each link signed once, for the HTML, the text and the List-Unsubscribe header alike
  const unsubscribeUrl = links.unsubscribe();
  const slots: Record<string, Part> = {
    redFlags: redFlags.first,
    redFlagNote: redFlags.note,
    notes: notesFor(subscriber, id),
    nextUp: nextUp(following?.teaser),
    checkin: extras.checkin ?? { html: "", text: "" },
    trend: extras.trend ?? { html: "", text: "" },
    outcomes: extras.outcomes ?? { html: "", text: "" },
    callToAction: following ? { html: "", text: "" } : callToAction(brandOf(settings)),
  };
  // the inbox preview line: the urgent reminder (or a check-in's advice) while it applies
  const values = { preheader: redFlags.preheader ?? template.preheader };
  return {
    to: subscriber.email,
    // not in the last email: after it there is nothing left to pause
    ...brandedEmail(template, settings, { slots, values, footer: subscriberFooter(unsubscribeUrl, links, following ? links.pause() : undefined) }),
    unsubscribeUrl,
  };
}
