import type { Part } from "./compiled";
import { escapeHtml } from "./fill";
import { box } from "./html";
import type { EmailLinks } from "./inputs";
import { light } from "./palette";
import { BOXES, TEXT } from "./styles";

const BUTTON = `display:inline-block;padding:12px 20px;border-radius:6px;background-color:${light.accent};color:${light.onAccent};font-size:16px;font-weight:700;line-height:20px;text-decoration:none;`;

/** A box with a heading, some lines and one button; in plain text, the lines and "label: url". */
function questions(heading: string, lines: string[], label: string, url: string): Part {
  const html = box(
    BOXES.checkin,
    `<p style="margin:0 0 8px;font-size:17px;font-weight:700;">${escapeHtml(heading)}</p>` +
      lines.map((line) => `<p style="${TEXT.p}font-size:15px;">${escapeHtml(line)}</p>`).join("") +
      `<p style="margin:0;"><a href="${escapeHtml(url)}" class="u-button" style="${BUTTON}">${escapeHtml(label)}</a></p>`,
    { margin: "8px 0 16px", padding: "16px" },
  );
  return { html, text: [heading, ...lines, `${label}: ${url}`].join("\n\n") };
}

/** The last email's questions: the signup's three again, how they are overall, and the follow-up's opt-in. */
export function endQuestions(links: Pick<EmailLinks, "end">): Part {
  return questions(
    "Before you go: how is your back now?",
    [
      "Three short questions, the same as when you signed up, and one about how you are overall. It takes a minute, and it shows you what has changed. It also helps the people who run this program see whether it helps.",
      "On the same page you can ask for one short follow-up email, in about three months. Only if you tick the box.",
    ],
    "Answer the questions",
    links.end(),
  );
}

/** The follow-up's questions. */
export function followUpQuestions(links: Pick<EmailLinks, "followUp">): Part {
  return questions("Four quick questions", ["The same as at the end of the program. Answer any or all of them."], "Answer the questions", links.followUp());
}
