import { describe, expect, it } from "vitest";
import { useCaptureStack } from "./support/capture-stack";
import { confirmedSubscriber } from "./support/people";
import { postForm } from "./support/stack";

const rig = useCaptureStack();

describe("emailing a download link when SES refuses it", () => {
  it("says so with a 503, and lets the person try again at once instead of waiting out the limit", async () => {
    const email = "ses-refuses@example.com";
    await confirmedSubscriber(rig.stack, email);
    const dataPage = (await rig.stack.links(email)).data();

    rig.capture.options.reject = (to) => to === email;
    const refused = await postForm(dataPage, { action: "email" });
    expect(refused.status).toBe(503);
    expect(await refused.text()).toContain("try again");
    expect((await rig.stack.subscriber(email))?.dataLinkSentAt).toBeUndefined();

    rig.capture.options.reject = undefined;
    expect((await postForm(dataPage, { action: "email" })).status).toBe(200);
    const sent = rig.capture.to(email).filter((m) => /download link/.test(m.raw));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.raw).toMatch(/\/export\?token=/);
  });
});
