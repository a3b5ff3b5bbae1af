import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { answerIds, answersSchema, flagIds, flagsSchema, urgencyOf } from "../functions/domain/subscriber/self-check";
import { ConfigError, runtimeSettings, type OperatorConfig } from "../infra/aws/operator-config";
import { loadLocalConfig } from "../infra/aws/stage-config";
import { endpoints, localConfig } from "../infra/dev/env";
import { preheaderOf, previewProgram, trends, type SampleTrend } from "./previews";

/**
 * `npm run preview -- --answers sleep,mood --flags fever [--checked-after 2] [--checkins 5,7,9 |
 * --trend rising] [--out preview]`: writes every email a subscriber with these answers would get,
 * as HTML and plain text (with its subject and inbox preview line), in the order they'd get it,
 * with the local settings' brand, after removing the previous preview's emails from the folder.
 * With an urgent warning sign: if they never say a doctor has checked them, or if they do after
 * week n (`--checked-after n`). `--checkins`: their score after each week (`-` skips one), so the
 * emails answer those check-ins; without it, a sample that falls (the default), stays flat or
 * rises (`--trend`).
 */
const { values } = parseArgs({
  options: {
    answers: { type: "string", default: "" },
    flags: { type: "string", default: "" },
    "checked-after": { type: "string" },
    checkins: { type: "string" },
    trend: { type: "string", default: "falling" },
    out: { type: "string", default: "preview" },
  },
});
const list = (value: string) => value.split(",").map((v) => v.trim()).filter(Boolean);
const answers = answersSchema.safeParse(list(values.answers));
const flags = flagsSchema.safeParse(list(values.flags));
const checkedAfter = values["checked-after"] === undefined ? undefined : Number(values["checked-after"]);
const scores = values.checkins === undefined ? undefined : list(values.checkins).map((v) => (v === "-" ? null : Number(v)));
const badScore = scores?.some((v) => v !== null && !(Number.isInteger(v) && v >= 0 && v <= 10));
const trend = trends.find((t) => t === values.trend);
if (!answers.success || !flags.success || (checkedAfter !== undefined && !Number.isInteger(checkedAfter)) || badScore || !trend) {
  console.error(
    `Unknown answer or flag, --checked-after isn't a week number, --checkins isn't a list of scores from 0 to 10, or --trend isn't one of ${trends.join(", ")}. Answers: ${answerIds.join(", ")}. Flags: ${flagIds.join(", ")}.`,
  );
  process.exit(2);
}

let config: OperatorConfig;
try {
  config = loadLocalConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${error.message}\nFix the settings above (the README's Configuration lists them) and run npm run preview again.`);
  process.exit(1);
}
// the logo and the links point where the running local stack (or the configured public URL) serves them
const baseUrl = config.publicUrl?.replace(/\/$/, "") ?? endpoints(localConfig()).app;
const { program, previews, counts } = previewProgram(answers.data, flags.data, runtimeSettings(config), {
  checkedAfter,
  scores,
  trend: trend as SampleTrend,
  baseUrl,
});
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
// an earlier preview's emails go first (only files named as previews are: NN-name.html / .txt)
for (const name of readdirSync(out)) if (/^\d{2}-[a-z-]+\.(html|txt)$/.test(name)) rmSync(join(out, name));
for (const { name, email } of previews) {
  writeFileSync(join(out, `${name}.html`), email.html);
  writeFileSync(join(out, `${name}.txt`), `Subject: ${email.subject}\nPreview line: ${preheaderOf(email)}\n\n${email.text}`);
}
console.log(`Wrote ${counts.program} program emails, the follow-up and ${counts.system} system emails to ${out}`);
console.log(`Order for answers [${answers.data.join(", ") || "none"}]: ${program.join(" → ")}`);
if (urgencyOf(flags.data) === "urgent") {
  console.log(
    checkedAfter === undefined
      ? "Urgent warning sign: the movement weeks wait until they tell us a doctor has checked them (this is the order if they never do; try --checked-after 1)."
      : `Urgent warning sign: they tell us a doctor has checked them after week ${checkedAfter}.`,
  );
}
if (!scores) console.log(`The check-ins are a sample that is ${trend} (--trend ${trends.join(" | ")}, or give them with --checkins).`);
