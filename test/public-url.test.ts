import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import { runPass } from "../functions/domain/sending/pass";
import { confirmedSubscriber } from "./support/people";
import { linkIn, postForm, startTestStack, type TestStack } from "./support/stack";

let stack: TestStack;
beforeAll(async () => {
  process.env.UNKNOT_PUBLIC_URL = "https://coach.example.org";
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.stop();
  delete process.env.UNKNOT_PUBLIC_URL;
});

describe("an operator's custom domain (UNKNOT_PUBLIC_URL)", () => {
  it("is where every link points, in the confirmation and in the program emails", async () => {
    const email = "domain@example.com";
    await confirmedSubscriber(stack, email);
    await runPass(getContext(), { now: new Date() });
    const [confirmation, week1] = await stack.mailTo(email);
    expect(linkIn(confirmation!, "/confirm").startsWith("https://coach.example.org/confirm?token=")).toBe(true);
    for (const path of ["/unsubscribe", "/pause", "/my-data", "/delete", "/checkin"]) {
      expect(linkIn(week1!, path).startsWith(`https://coach.example.org${path}?token=`)).toBe(true);
    }
    // and the download link the data page emails, asked for here through the stack itself
    const dataPage = new URL(linkIn(week1!, "/my-data"));
    expect((await postForm(`${stack.url}${dataPage.pathname}${dataPage.search}`, { action: "email" })).status).toBe(200);
    const download = (await stack.mailTo(email)).find((m) => /download link/.test(m.subject))!;
    expect(linkIn(download, "/export").startsWith("https://coach.example.org/export?token=")).toBe(true);
  });
});
