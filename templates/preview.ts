import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { settingsFromEnv } from "../infra/settings-env";
import { linksFor } from "../functions/core/links";
import { personalise } from "../functions/core/program";
import { answersSchema, flagsSchema } from "../functions/core/self-check";
import type { Subscriber } from "../functions/core/subscriber";
import { coachingExtras } from "../functions/email/coaching";
import { templates } from "../functions/email/compiled";
import { programEmail } from "../functions/email/program-email";
import { systemEmail } from "../functions/email/system-emails";

/**
 * `npm run preview -- --answers sleep,mood --flags fever [--out preview]`: writes every email
 * a subscriber with these answers would get, as HTML and plain text, in the order they'd get it.
 */
const { values } = parseArgs({
  options: {
    answers: { type: "string", default: "" },
    flags: { type: "string", default: "" },
    out: { type: "string", default: "preview" },
  },
});
const list = (value: string) => value.split(",").map((v) => v.trim()).filter(Boolean);
const answers = answersSchema.safeParse(list(values.answers));
const flags = flagsSchema.safeParse(list(values.flags));
if (!answers.success || !flags.success) {
  console.error("Unknown answer or flag. Answers: rest, morning, chronic, location, mood, appetite, fatigue, sleep.");
  process.exit(2);
}

const settings = settingsFromEnv(process.env);
const links = linksFor("preview-only-key-not-for-sending", "https://unknot.example", "preview", new Date());
const program = personalise(
  templates.program.map((w) => w.id),
  answers.data,
);
const subscriber: Subscriber = {
  pk: "preview",
  email: "reader@example.com",
  status: "active",
  answers: answers.data,
  flags: flags.data,
  tz: "UTC",
  consentAt: "",
  createdAt: "",
  updatedAt: "",
  program,
  // sample check-ins, so the last email shows what a trend looks like
  checkins: Object.fromEntries(program.slice(0, -1).map((_, i) => [String(i + 1), { score: Math.max(2, 7 - i), at: "" }])),
};

const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const write = (name: string, email: { subject: string; html: string; text: string }) => {
  writeFileSync(join(out, `${name}.html`), email.html);
  writeFileSync(join(out, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
};
write("00-confirm", systemEmail("confirm", subscriber.email, links.confirm(), settings));
write("00-already-subscribed", systemEmail("alreadySubscribed", subscriber.email, links.unsubscribe(), settings));
program.forEach((id, i) => {
  const week = i + 1;
  write(`${String(week).padStart(2, "0")}-${id}`, programEmail(subscriber, week, links, settings, coachingExtras(subscriber, week, links)));
});
console.log(`Wrote ${program.length} program emails and 2 system emails to ${out}`);
console.log(`Order for answers [${answers.data.join(", ") || "none"}]: ${program.join(" → ")}`);
