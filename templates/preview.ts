import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { answerIds, answersSchema, flagIds, flagsSchema, urgencyOf } from "../functions/domain/subscriber/self-check";
import { settingsFromEnv } from "../infra/aws/operator-config";
import { preheaderOf, previewProgram } from "./previews";

/**
 * `npm run preview -- --answers sleep,mood --flags fever [--checked-after 2] [--checkins 5,7,9]
 * [--out preview]`: writes every email a subscriber with these answers would get, as HTML and
 * plain text (with its subject and inbox preview line), in the order they'd get it. With an
 * urgent warning sign: if they never say a doctor has checked them, or if they do after week n
 * (`--checked-after n`). `--checkins`: their score after each week (`-` skips one), so the
 * emails answer those check-ins; without it, a sample that slowly eases.
 */
const { values } = parseArgs({
  options: {
    answers: { type: "string", default: "" },
    flags: { type: "string", default: "" },
    "checked-after": { type: "string" },
    checkins: { type: "string" },
    out: { type: "string", default: "preview" },
  },
});
const list = (value: string) => value.split(",").map((v) => v.trim()).filter(Boolean);
const answers = answersSchema.safeParse(list(values.answers));
const flags = flagsSchema.safeParse(list(values.flags));
const checkedAfter = values["checked-after"] === undefined ? undefined : Number(values["checked-after"]);
const scores = values.checkins === undefined ? undefined : list(values.checkins).map((v) => (v === "-" ? null : Number(v)));
const badScore = scores?.some((v) => v !== null && !(Number.isInteger(v) && v >= 0 && v <= 10));
if (!answers.success || !flags.success || (checkedAfter !== undefined && !Number.isInteger(checkedAfter)) || badScore) {
  console.error(
    `Unknown answer or flag, --checked-after isn't a week number, or --checkins isn't a list of scores from 0 to 10. Answers: ${answerIds.join(", ")}. Flags: ${flagIds.join(", ")}.`,
  );
  process.exit(2);
}

const { program, previews } = previewProgram(answers.data, flags.data, settingsFromEnv(process.env), { checkedAfter, scores });
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
for (const { name, email } of previews) {
  writeFileSync(join(out, `${name}.html`), email.html);
  writeFileSync(join(out, `${name}.txt`), `Subject: ${email.subject}\nPreview line: ${preheaderOf(email)}\n\n${email.text}`);
}
console.log(`Wrote ${program.length} program emails, the follow-up and 3 system emails to ${out}`);
console.log(`Order for answers [${answers.data.join(", ") || "none"}]: ${program.join(" → ")}`);
if (urgencyOf(flags.data) === "urgent") {
  console.log(
    checkedAfter === undefined
      ? "Urgent warning sign: the movement weeks wait until they tell us a doctor has checked them (this is the order if they never do; try --checked-after 1)."
      : `Urgent warning sign: they tell us a doctor has checked them after week ${checkedAfter}.`,
  );
}
