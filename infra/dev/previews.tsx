import { Hono, type Context } from "hono";
import { brandOf } from "../../functions/domain/brand";
import { answers as statements, answersSchema, flags as warningSigns, flagsSchema, urgencyOf } from "../../functions/domain/subscriber/self-check";
import { BrandProvider } from "../../functions/web/pages/brand";
import { Layout } from "../../functions/web/pages/layout";
import { CheckboxGroup } from "../../functions/web/pages/signup";
import { settingsFromEnv } from "../aws/stage-config";
import { preheaderOf, previewProgram, trends, type SampleTrend } from "../../templates/previews";

const MAX_WEEK = 9;

/**
 * `?answers=sleep&answers=mood` (the form) or `?answers=sleep,mood` (the links), with
 * `checkedAfter` (a week, or none) and `trend` (falling, flat or rising), validated.
 */
function chosen(c: Context) {
  const values = (name: string) => (c.req.queries(name) ?? []).flatMap((v) => v.split(",")).filter(Boolean);
  const answers = answersSchema.safeParse(values("answers"));
  const flags = flagsSchema.safeParse(values("flags"));
  const checked = c.req.query("checkedAfter") || undefined;
  const checkedAfter = checked === undefined ? undefined : Number(checked);
  const trend = trends.find((t) => t === (c.req.query("trend") || "falling"));
  const weekOk = checkedAfter === undefined || (Number.isInteger(checkedAfter) && checkedAfter >= 1 && checkedAfter <= MAX_WEEK);
  if (!answers.success || !flags.success || !weekOk || !trend) return undefined;
  return { answers: answers.data, flags: flags.data, checkedAfter, trend: trend as SampleTrend };
}

/** The program for a choice, with the local settings' brand and the logo and links pointing at this stack. */
function programFor(c: Context, choice: NonNullable<ReturnType<typeof chosen>>) {
  const settings = settingsFromEnv(process.env);
  const { previews, program } = previewProgram(choice.answers, choice.flags, settings, {
    checkedAfter: choice.checkedAfter,
    trend: choice.trend,
    baseUrl: new URL(c.req.url).origin,
  });
  return { previews, program, brand: brandOf(settings) };
}

const refused = "Unknown answer or flag, a week that isn't 1–9, or a trend that isn't falling, flat or rising.";

/**
 * Local only (mounted by the local stack, never deployed): every email of a program for any
 * answers, at /preview, with the configured brand. `npm run preview` writes the same emails to files.
 */
export const previewRoutes = new Hono()
  .get("/", (c) => {
    const choice = chosen(c);
    if (!choice) return c.text(refused, 400);
    const { program, previews, brand } = programFor(c, choice);
    const query = new URLSearchParams({
      answers: choice.answers.join(","),
      flags: choice.flags.join(","),
      ...(choice.checkedAfter !== undefined && { checkedAfter: String(choice.checkedAfter) }),
      trend: choice.trend,
    });
    return c.html(
      <BrandProvider brand={brand}>
        <Layout title="Email previews">
          <h1>Email previews</h1>
          <form method="get" action="/preview">
            <CheckboxGroup
              name="answers"
              legend="Self-check answers"
              hint="The answers decide the order of the weeks and the personal notes."
              options={statements}
              checked={choice.answers}
            />
            <CheckboxGroup
              name="flags"
              legend="Warning signs"
              hint="Warning signs add the advice to see a doctor. An urgent one holds the movement weeks until they tell us a doctor has checked them."
              options={warningSigns}
              checked={choice.flags}
            />
            <fieldset>
              <legend>With an urgent warning sign: when they tell us a doctor has checked them</legend>
              <label class="field" for="checkedAfter">
                Checked after
              </label>
              <select id="checkedAfter" name="checkedAfter">
                <option value="" selected={choice.checkedAfter === undefined}>
                  never
                </option>
                {Array.from({ length: MAX_WEEK }, (_, i) => i + 1).map((week) => (
                  <option value={String(week)} selected={choice.checkedAfter === week}>
                    week {week}
                  </option>
                ))}
              </select>
            </fieldset>
            <fieldset>
              <legend>Their weekly check-ins, for the last email's look back</legend>
              {trends.map((trend) => (
                <div class="check">
                  <input type="radio" id={`trend-${trend}`} name="trend" value={trend} checked={choice.trend === trend} />
                  <label for={`trend-${trend}`}>{trend}</label>
                </div>
              ))}
            </fieldset>
            <div class="actions">
              <button type="submit">Show this program</button>
            </div>
          </form>
          <h2>Order: {program.join(" → ")}</h2>
          {urgencyOf(choice.flags) === "urgent" && (
            <p>
              {choice.checkedAfter === undefined
                ? "They never tell us a doctor has checked them: the movement weeks stay held."
                : `They tell us a doctor has checked them after week ${choice.checkedAfter}.`}
            </p>
          )}
          <ol>
            {previews.map(({ name, email }) => (
              <li>
                <a href={`/preview/${name}?${query}`}>{email.subject}</a> (<a href={`/preview/${name}.txt?${query}`}>text</a>):{" "}
                {preheaderOf(email)}
              </li>
            ))}
          </ol>
        </Layout>
      </BrandProvider>,
    );
  })
  .get("/:name", (c) => {
    const choice = chosen(c);
    if (!choice) return c.text(refused, 400);
    const name = c.req.param("name");
    const asText = name.endsWith(".txt");
    const { previews } = programFor(c, choice);
    const preview = previews.find((p) => p.name === name.replace(/\.txt$/, ""));
    if (!preview) return c.text("No such email in this program.", 404);
    const { subject, text } = preview.email;
    return asText ? c.text(`Subject: ${subject}\nPreview line: ${preheaderOf(preview.email)}\n\n${text}`) : c.html(preview.email.html);
  });
