import { Hono, type Context } from "hono";
import { answers as statements, answersSchema, flags as warningSigns, flagsSchema } from "../../functions/domain/subscriber/self-check";
import { Layout } from "../../functions/web/pages/layout";
import { CheckboxGroup } from "../../functions/web/pages/signup";
import { settingsFromEnv } from "../aws/operator-config";
import { preheaderOf, previewProgram } from "../../templates/previews";

/** `?answers=sleep&answers=mood` (the form) or `?answers=sleep,mood` (the links), validated. */
function chosen(c: Context) {
  const values = (name: string) => (c.req.queries(name) ?? []).flatMap((v) => v.split(",")).filter(Boolean);
  const answers = answersSchema.safeParse(values("answers"));
  const flags = flagsSchema.safeParse(values("flags"));
  return answers.success && flags.success ? { answers: answers.data, flags: flags.data } : undefined;
}

/**
 * Local only (mounted by the local stack, never deployed): every email of a program for any
 * answers, at /preview. `npm run preview` writes the same emails to files.
 */
export const previewRoutes = new Hono()
  .get("/", (c) => {
    const choice = chosen(c);
    if (!choice) return c.text("Unknown answer or flag.", 400);
    const { program, previews } = previewProgram(choice.answers, choice.flags, settingsFromEnv(process.env));
    const query = new URLSearchParams({ answers: choice.answers.join(","), flags: choice.flags.join(",") });
    return c.html(
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
            hint="Warning signs add the advice to see a doctor. An urgent one holds the movement weeks: this is the order if they never tell us a doctor has checked them."
            options={warningSigns}
            checked={choice.flags}
          />
          <div class="actions">
            <button type="submit">Show this program</button>
          </div>
        </form>
        <h2>Order: {program.join(" → ")}</h2>
        <ol>
          {previews.map(({ name, email }) => (
            <li>
              <a href={`/preview/${name}?${query}`}>{email.subject}</a> (<a href={`/preview/${name}.txt?${query}`}>text</a>): {preheaderOf(email)}
            </li>
          ))}
        </ol>
      </Layout>,
    );
  })
  .get("/:name", (c) => {
    const choice = chosen(c);
    if (!choice) return c.text("Unknown answer or flag.", 400);
    const name = c.req.param("name");
    const asText = name.endsWith(".txt");
    const { previews } = previewProgram(choice.answers, choice.flags, settingsFromEnv(process.env));
    const preview = previews.find((p) => p.name === name.replace(/\.txt$/, ""));
    if (!preview) return c.text("No such email in this program.", 404);
    const { subject, text } = preview.email;
    return asText ? c.text(`Subject: ${subject}\nPreview line: ${preheaderOf(preview.email)}\n\n${text}`) : c.html(preview.email.html);
  });
