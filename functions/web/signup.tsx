import { Hono } from "hono";
import { signup, signupSchema } from "../domain/signup/signup";
import { readForm, single } from "./form";
import { postedMeasures, postedScores } from "./measures";
import { ResultPage } from "./pages/result";
import { SignupPage, type FieldErrors } from "./pages/signup";
import { baseUrlOf } from "./base-url";
import { clientAddress } from "./client-address";
import { contextOf, type AppEnv } from "./context";
import { refuseForeignPost } from "./same-origin";

export const signupRoutes = new Hono<AppEnv>()
  .get("/", (c) => c.html(<SignupPage />))
  .post("/subscribe", async (c) => {
    // only the signup page's own form: no other site may sign its visitors' browsers up for anyone
    await refuseForeignPost(c);
    const form = await readForm(c);
    const raw = {
      email: single(form, "email") ?? "",
      answers: form.answers ?? [],
      flags: form.flags ?? [],
      tz: single(form, "tz") ?? "UTC",
      baseline: postedMeasures(form),
      consent: single(form, "consent"),
      website: single(form, "website") ?? "",
    };
    const parsed = signupSchema.safeParse(raw);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = (issue.path[0] ?? "form") as keyof FieldErrors;
        errors[field] ??= issue.message;
      }
      const values = { email: raw.email, answers: raw.answers, flags: raw.flags, scores: postedScores(raw.baseline), consent: raw.consent === "yes" };
      return c.html(<SignupPage values={values} errors={errors} />, 400);
    }
    const ctx = contextOf(c);
    await signup(ctx, parsed.data, clientAddress(c), baseUrlOf(c), ctx.clock());
    return c.html(<ResultPage answers={parsed.data.answers} flags={parsed.data.flags} />);
  });
