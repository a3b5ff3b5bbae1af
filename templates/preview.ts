import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { answerIds, answersSchema, flagIds, flagsSchema, urgencyOf } from "../functions/domain/subscriber/self-check";
import { settingsFromEnv } from "../infra/aws/operator-config";
import { previewProgram } from "./previews";

/**
 * `npm run preview -- --answers sleep,mood --flags fever [--checked-after 2] [--out preview]`:
 * writes every email a subscriber with these answers would get, as HTML and plain text, in the
 * order they'd get it. With an urgent warning sign: if they never say a doctor has checked them,
 * or if they do after week n (`--checked-after n`).
 */
const { values } = parseArgs({
  options: {
    answers: { type: "string", default: "" },
    flags: { type: "string", default: "" },
    "checked-after": { type: "string" },
    out: { type: "string", default: "preview" },
  },
});
const list = (value: string) => value.split(",").map((v) => v.trim()).filter(Boolean);
const answers = answersSchema.safeParse(list(values.answers));
const flags = flagsSchema.safeParse(list(values.flags));
const checkedAfter = values["checked-after"] === undefined ? undefined : Number(values["checked-after"]);
if (!answers.success || !flags.success || (checkedAfter !== undefined && !Number.isInteger(checkedAfter))) {
  console.error(`Unknown answer or flag, or --checked-after isn't a week number. Answers: ${answerIds.join(", ")}. Flags: ${flagIds.join(", ")}.`);
  process.exit(2);
}

const { program, previews } = previewProgram(answers.data, flags.data, settingsFromEnv(process.env), { checkedAfter });
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
for (const { name, email } of previews) {
  writeFileSync(join(out, `${name}.html`), email.html);
  writeFileSync(join(out, `${name}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
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
