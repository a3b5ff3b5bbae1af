import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { getContext } from "../functions/runtime/context";
import { runPass } from "../functions/domain/sending/pass";
import { useCaptureStack } from "./support/capture-stack";
import { confirmedSubscriber } from "./support/people";
import { postForm } from "./support/stack";

const rig = useCaptureStack();

describe("a program email as it leaves unknot", () => {
  it("is multipart/alternative with text and HTML, carries RFC 8058 headers, and one-click POST unsubscribes", async () => {
    const email = "mime@example.com";
    await confirmedSubscriber(rig.stack, email);
    const at = Date.now();
    await runPass(getContext(), { now: new Date(at) });
    const [raw] = rig.capture.to(email).filter((m) => !/Subject: Please confirm/.test(m.raw));
    expect(raw).toBeDefined();
    expect(raw!.configurationSet).toBe("unknot-local");
    expect(raw!.raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);

    const parsed = await simpleParser(raw!.raw);
    const line = parsed.headerLines.find((h) => h.key === "list-unsubscribe")?.line ?? "";
    const listUnsubscribe = line.replace(/\r?\n[ \t]+/g, "").replace(/^List-Unsubscribe:\s*/i, "");
    const url = listUnsubscribe.match(/^<(https?:\/\/[^>]+)>$/)?.[1];
    expect(url, `List-Unsubscribe was ${listUnsubscribe}`).toBeDefined();
    expect(url!.startsWith(`${rig.stack.url}/unsubscribe?token=`)).toBe(true);
    expect(decodeURIComponent(url!)).not.toContain(email);
    expect(parsed.text).toContain(url);
    expect(parsed.html).toContain(url!.replace(/&/g, "&amp;"));
    expect(parsed.from?.text).toContain("unknot");
    expect(parsed.to && "text" in parsed.to ? parsed.to.text : "").toBe(email);

    // what Gmail or Yahoo do when someone presses their own "Unsubscribe" button
    const oneClick = await fetch(url!, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    const left = await rig.stack.subscriber(email);
    expect(left?.status).toBe("unsubscribed");
    expect(left?.dueAt).toBeUndefined();

    const sentBefore = rig.capture.to(email).length;
    for (let week = 1; week <= 10; week++) await runPass(getContext(), { now: new Date(at + week * 7 * 86_400_000) });
    expect(rig.capture.to(email)).toHaveLength(sentBefore);
  });

  it("sends the confirmation with the configuration set too, and never a program header on it", async () => {
    const email = "confirm-mime@example.com";
    await confirmedSubscriber(rig.stack, email);
    const [confirmation] = rig.capture.to(email);
    expect(confirmation!.configurationSet).toBe("unknot-local");
    expect(confirmation!.raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(confirmation!.raw).not.toMatch(/^List-Unsubscribe:/m);
  });

  it("ends every line of every message it sends with CRLF, system emails included (RFC 5322 section 2.3)", async () => {
    const email = "crlf@example.com";
    await confirmedSubscriber(rig.stack, email, { answers: ["sleep"], flags: ["bladder", "weight"] });
    // the "already subscribed" notice: the same address signs up again
    await postForm(`${rig.stack.url}/subscribe`, { email, tz: "UTC", consent: "yes", website: "" });
    let at = Date.now();
    for (let week = 1; week <= 2; week++) {
      await runPass(getContext(), { now: new Date(at) });
      at = (await rig.stack.subscriber(email))!.dueAt!;
    }
    const sent = rig.capture.to(email);
    expect(sent.map((m) => m.raw.match(/^Subject: (.*)\r$/m)?.[1])).toEqual([
      "Please confirm your unknot subscription",
      "You're already signed up to unknot",
      "How stress turns into back pain",
      "A 30-minute wind-down for better sleep",
    ]);
    for (const message of sent) {
      const bare = [...message.raw.matchAll(/(?<!\r)\n/g)].length;
      expect(bare, `bare LFs in "${message.raw.match(/^Subject: (.*)$/m)?.[1]}"`).toBe(0);
      expect(message.raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    }
  });
});
