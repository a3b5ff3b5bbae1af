import { Hono } from "hono";
import { answerChecked, doctorAnswerSchema, openChecked, type DoctorAnswer } from "../domain/checkin/checked";
import { doctorCheckOf, HELD_IN_WORDS, type DoctorCheck } from "../domain/program/order";
import { selfPath } from "./base-url";
import { linkRoute, type AppEnv } from "./context";
import { RequestError } from "./errors";
import { single } from "./form";
import { Layout } from "./pages/layout";
import { MessagePage } from "./pages/message";

const GET_HELP =
  "If you haven't been checked yet, please get help today: go to an emergency department or urgent care, or call your local emergency number.";

/** What the page says and offers, by where they are with the doctor's check. */
const pages: Record<Exclude<DoctorCheck, "none">, { title: string; text: string[]; choices: [DoctorAnswer, string][] }> = {
  unchecked: {
    title: "Has a doctor checked you?",
    text: [
      `You told us about a warning sign that needs urgent medical help. Until you tell us you have been checked, we hold back the weeks with ${HELD_IN_WORDS}, and send the calmer weeks first.`,
      `Press a button only once a doctor, nurse or urgent care service has seen you. ${GET_HELP}`,
    ],
    choices: [
      ["checked", "Yes, a doctor has checked me"],
      ["rest", "Yes, and I was told not to exercise for now"],
    ],
  },
  rest: {
    title: "You told us to keep the movement weeks on hold",
    text: [
      `You told us a doctor checked you and asked you not to exercise for now, so we are keeping the weeks with ${HELD_IN_WORDS} back.`,
      "When your doctor says you can do more, tell us here. If you pressed the button by mistake, you can undo it.",
    ],
    choices: [
      ["checked", "My doctor says I can do more now"],
      ["undo", "Undo: I haven't been checked yet"],
    ],
  },
  checked: {
    title: "You told us a doctor has checked you",
    text: [
      `Your program includes the weeks with ${HELD_IN_WORDS} again. If a doctor has asked you not to exercise for now, or you pressed the button by mistake, tell us here.`,
      "If the warning sign comes back or gets worse, get urgent medical help today.",
    ],
    choices: [
      ["rest", "I was told not to exercise for now"],
      ["undo", "Undo: I haven't been checked yet"],
    ],
  },
};

/** After each answer: what happens now, kindly. */
const done: Record<DoctorAnswer, { title: string; text: string[] }> = {
  checked: {
    title: "Thank you for telling us",
    text: [
      `We'll add the weeks with ${HELD_IN_WORDS} to your program, in the order your self-check gave them, before its last email. Go gently, and stop anything that makes your pain sharply worse.`,
      "If the warning sign comes back or gets worse, get urgent medical help today.",
    ],
  },
  rest: {
    title: "Thank you for telling us",
    text: [
      `Following your doctor's advice is the right thing to do, and nothing about it is your fault. We'll keep the weeks with ${HELD_IN_WORDS} on hold and carry on with the calmer practices, which ask nothing more of your body.`,
      "When your doctor says you can do more, use the button in any of our emails to tell us. If the warning sign comes back or gets worse, get urgent medical help today.",
    ],
  },
  undo: {
    title: "We've undone that",
    text: [`We'll hold back the weeks with ${HELD_IN_WORDS} again until you tell us a doctor has checked you.`, GET_HELP],
  },
};

/** Someone without an urgent warning sign has no held weeks and no doctor's check to tell us about. */
const nothingToChange = (
  <MessagePage title="Nothing to change here">
    <p>This link is for someone who told us about a warning sign that needs urgent medical help. Your program already includes every week.</p>
  </MessagePage>
);

/**
 * The link under the urgent advice in the emails. GET shows the answers as buttons (a link
 * scanner that follows it records nothing); POST records the one pressed: checked, checked and
 * told not to exercise for now, or undo.
 */
export const checkedRoutes = new Hono<AppEnv>()
  .get("/checked", linkRoute("checked"), async (c) => {
    const check = doctorCheckOf(await openChecked(c.var.ctx, c.var.link));
    if (check === "none") return c.html(nothingToChange);
    const page = pages[check];
    return c.html(
      <Layout title={page.title}>
        <h1>{page.title}</h1>
        {page.text.map((text) => (
          <p>{text}</p>
        ))}
        <form method="post" action={selfPath(c)}>
          <div class="actions">
            {page.choices.map(([answer, label], i) => (
              <button type="submit" name="answer" value={answer} class={i > 0 ? "secondary" : undefined}>
                {label}
              </button>
            ))}
          </div>
        </form>
      </Layout>,
    );
  })
  .post("/checked", linkRoute("checked", { form: true }), async (c) => {
    const { ctx, link, now, form } = c.var;
    const answer = doctorAnswerSchema.safeParse(single(form, "answer"));
    if (!answer.success) throw new RequestError(400, "bad_answer", answer.error.issues[0]!.message);
    if (doctorCheckOf(await answerChecked(ctx, link, answer.data, now)) === "none") return c.html(nothingToChange);
    const page = done[answer.data];
    return c.html(
      <MessagePage title={page.title}>
        {page.text.map((text) => (
          <p>{text}</p>
        ))}
      </MessagePage>,
    );
  });
