import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { answersSchema, flagsSchema } from "../functions/core/self-check";
import { settingsFromEnv } from "../functions/core/operator-config";
import { previewProgram } from "./previews";

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

const { program, previews } = previewProgram(answers.data, flags.data, settingsFromEnv(process.env));
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
for (const { name, email } of previews) {
  writeFileSync(join(out, `${name}.html`), email.html);
  writeFileSync(join(out, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
}
console.log(`Wrote ${program.length} program emails and 2 system emails to ${out}`);
console.log(`Order for answers [${answers.data.join(", ") || "none"}]: ${program.join(" → ")}`);
