import { Hono, type Context } from "hono";
import { answers as statements, answersSchema, flags as warningSigns, flagsSchema } from "../../functions/core/self-check";
import { Layout } from "../../functions/web/pages/layout";
import { settingsFromEnv } from "../settings-env";
import { previewProgram } from "../../templates/previews";

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
          <fieldset>
            <legend>Self-check answers</legend>
            {statements.map((s) => (
              <div class="check">
                <input type="checkbox" name="answers" value={s.id} id={`a-${s.id}`} checked={choice.answers.includes(s.id)} />
                <label for={`a-${s.id}`}>{s.label}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Warning signs</legend>
            {warningSigns.map((f) => (
              <div class="check">
                <input type="checkbox" name="flags" value={f.id} id={`f-${f.id}`} checked={choice.flags.includes(f.id)} />
                <label for={`f-${f.id}`}>{f.label}</label>
              </div>
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit">Show this program</button>
          </div>
        </form>
        <h2>Order: {program.join(" → ")}</h2>
        <ol>
          {previews.map(({ name, email }) => (
            <li>
              <a href={`/preview/${name}?${query}`}>{email.subject}</a> (<a href={`/preview/${name}.txt?${query}`}>text</a>)
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
    return asText ? c.text(`Subject: ${preview.email.subject}\n\n${preview.email.text}`) : c.html(preview.email.html);
  });
