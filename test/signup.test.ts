import { afterEach, describe, expect, it, vi } from "vitest";
import { linkIn, postForm, rawPost } from "./support/http";
import { useMemoryStack } from "./support/use-stack";

const stack = useMemoryStack();
afterEach(() => {
  vi.useRealTimers();
});

const valid = {
  email: "Reader.One@Example.com",
  answers: ["sleep", "mood"],
  flags: [] as string[],
  tz: "Europe/Berlin",
  consent: "yes",
  website: "",
};

const subscribe = (fields: Record<string, string | string[]>, init?: RequestInit) =>
  postForm(`${stack.url}/subscribe`, fields, init);

/** The page as a person reads it: entities decoded. */
const read = async (response: Response) => (await response.text()).replace(/&#39;/g, "'").replace(/&quot;/g, '"');

/** Moves the app's clock (it runs in this process) without touching timers. */
function clockAt(date: Date) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(date);
}

describe("the signup page", () => {
  it("offers the self-check, the warning signs, consent and a time zone field", async () => {
    const response = await fetch(`${stack.url}/`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<form method="post" action="/subscribe"');
    for (const answer of ["rest", "morning", "chronic", "location", "mood", "appetite", "fatigue", "sleep"]) {
      expect(html).toContain(`name="answers" value="${answer}"`);
    }
    for (const flag of ["bladder", "saddle", "weakness", "fever", "weight", "injury", "cancer"]) {
      expect(html).toContain(`name="flags" value="${flag}"`);
    }
    expect(html).toMatch(/type="email"[^>]*name="email"|name="email"[^>]*type="email"/);
    expect(html).toContain('name="consent"');
    expect(html).toContain('name="tz"');
    expect(html).toContain("one short email a week");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("answers the health check", async () => {
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
  });
});

describe("signing up", () => {
  it("stores a pending subscriber and mails a confirmation link; confirming makes them active", async () => {
    const response = await subscribe(valid);
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain("check your inbox");
    expect(page).toContain("2 of the 8 statements fit you");
    expect(page).toContain("not a diagnosis");

    const stored = await stack.subscriber("reader.one@example.com");
    expect(stored).toMatchObject({ status: "pending", answers: ["sleep", "mood"], flags: [], tz: "Europe/Berlin" });

    const [confirmation] = await stack.mailTo("reader.one@example.com");
    expect(confirmation?.subject).toMatch(/confirm/i);
    const link = linkIn(confirmation!, "/confirm");
    expect(link.startsWith(stack.url)).toBe(true);
    expect(link).not.toContain("example.com");

    // a link scanner following the link changes nothing
    const scanned = await fetch(link);
    expect(scanned.status).toBe(200);
    expect(await scanned.text()).toContain("<button");
    expect((await stack.subscriber("reader.one@example.com"))?.status).toBe("pending");

    const confirmed = await fetch(link, { method: "POST" });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("first email is on its way");
    const active = await stack.subscriber("reader.one@example.com");
    expect(active).toMatchObject({ status: "active", week: 1, answers: ["sleep", "mood"], tz: "Europe/Berlin" });
    expect(active?.program?.[0]).toBe("cycle");
    expect(active?.dueAt).toBeLessThanOrEqual(Date.now());

    const again = await fetch(link, { method: "POST" });
    expect(await again.text()).toContain("already confirmed");
  });

  it("tells someone with a red flag, calmly and clearly, to see a doctor, and still lets them join", async () => {
    const urgent = await (await subscribe({ ...valid, email: "flag.urgent@example.com", flags: ["saddle"] })).text();
    expect(urgent).toContain("Please get urgent medical help today");
    expect(urgent).toContain("check your inbox");
    const soon = await (await subscribe({ ...valid, email: "flag.soon@example.com", flags: ["night", "weight"] })).text();
    expect(soon).toContain("Please see a doctor in the next few days");
    expect(soon).not.toContain("urgent medical help");
    expect(await stack.mailTo("flag.soon@example.com")).toHaveLength(1);
    expect((await stack.subscriber("flag.soon@example.com"))?.flags).toEqual(["night", "weight"]);
  });

  it("does not read pain at rest, lost appetite or tiredness only as stress", async () => {
    const page = await (await subscribe({ ...valid, email: "overlap@example.com", answers: ["appetite"] })).text();
    expect(page).toContain("can also have other causes");
    const plain = await (await subscribe({ ...valid, email: "plain@example.com", answers: ["mood"] })).text();
    expect(plain).not.toContain("can also have other causes");
  });

  it("counts a box posted twice once", async () => {
    await subscribe({ ...valid, email: "twice@example.com", answers: ["sleep", "sleep", "mood"], flags: ["fever", "fever"] });
    expect(await stack.subscriber("twice@example.com")).toMatchObject({ answers: ["sleep", "mood"], flags: ["fever"] });
  });

  it("falls back to UTC for a time zone the server doesn't know", async () => {
    await subscribe({ ...valid, email: "tz@example.com", tz: "Mars/Olympus_Mons" });
    expect((await stack.subscriber("tz@example.com"))?.tz).toBe("UTC");
  });
});

describe("bad input is refused with a clear message and changes nothing", () => {
  const cases: [string, Record<string, string | string[]>, RegExp][] = [
    ["a malformed address", { ...valid, email: "not-an-address" }, /doesn.t look like an email address/],
    ["an overlong address", { ...valid, email: `${"a".repeat(250)}@example.com` }, /too long/],
    ["a local part over 64 octets (RFC 5321)", { ...valid, email: `${"a".repeat(65)}@example.com` }, /part before the @ is too long/],
    ["a domain label over 63 octets (RFC 5321)", { ...valid, email: `reader@${"b".repeat(64)}.example.com` }, /part of the domain .* is too long/],
    ["an empty address", { ...valid, email: "" }, /enter your email address/],
    ["a header injection in the address", { ...valid, email: "x@example.com\r\nBcc: victim@example.com" }, /line breaks/],
    ["a header injection in the time zone", { ...valid, tz: "UTC\nBcc: x@example.com" }, /line breaks/],
    ["an unknown answer", { ...valid, answers: ["sleep", "hacking"] }, /self-check answers isn.t one we know/],
    ["an unknown red flag", { ...valid, flags: ["zombie"] }, /warning-sign answers isn.t one we know/],
    ["missing consent", { ...valid, consent: [] }, /agree that we may store your answers/],
    ["a filled honeypot", { ...valid, website: "http://spam.example" }, /leave the last field empty/i],
    ["a repeated address field", { ...valid, email: ["a@example.com", "b@example.com"] }, /more than once/],
  ];

  it.each(cases)("%s", async (_name, fields, message) => {
    const before = { items: (await stack.subscribers()).length, mail: (await stack.mailbox()).length };
    const response = await subscribe(fields);
    const html = await read(response);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(html).toMatch(message);
    if (response.status === 400 && !/line breaks|more than once/.test(html)) {
      expect(html).toContain('action="/subscribe"'); // the form comes back to fix
    }
    expect((await stack.subscribers()).length).toBe(before.items);
    expect((await stack.mailbox()).length).toBe(before.mail);
  });

  it("keeps what the person typed when the form comes back", async () => {
    const html = await (await subscribe({ ...valid, email: "keep@example.com", consent: [] })).text();
    expect(html).toContain('value="keep@example.com"');
    expect(html).toMatch(/value="sleep"[^>]*checked|checked[^>]*value="sleep"/);
    expect(html).toContain('aria-describedby="consent-error"');
  });

  it("refuses JSON and oversized bodies", async () => {
    const before = { items: (await stack.subscribers()).length, mail: (await stack.mailbox()).length };
    const json = await fetch(`${stack.url}/subscribe`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(valid),
    });
    expect(json.status).toBe(415);
    const huge = await subscribe({ ...valid, email: "huge@example.com", answers: Array(4000).fill("sleep") });
    expect(huge.status).toBe(413);
    expect((await stack.subscribers()).length).toBe(before.items);
    expect((await stack.mailbox()).length).toBe(before.mail);
  });

  it("refuses tampered, expired and wrong-purpose links with a way back to the signup page", async () => {
    await subscribe({ ...valid, email: "links@example.com" });
    const link = linkIn((await stack.mailTo("links@example.com"))[0]!, "/confirm");

    const tampered = await fetch(link.replace(/.$/, (c) => (c === "A" ? "B" : "A")), { method: "POST" });
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toContain('href="/"');

    const wrongPurpose = await fetch(link.replace("/confirm?", "/unsubscribe?"), { method: "POST" });
    expect(wrongPurpose.status).toBe(400);

    clockAt(new Date(Date.now() + 8 * 86_400_000));
    const expired = await fetch(link, { method: "POST" });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("Sign up again");
    expect((await stack.subscriber("links@example.com"))?.status).toBe("pending");
  });
});

describe("signing up again", () => {
  it("answers a pending address exactly like a new one, changes nothing stored, and re-sends at most every 10 minutes", async () => {
    const email = "again@example.com";
    const first = await (await subscribe({ ...valid, email })).text();
    const stored = await stack.subscriber(email);
    const second = await (await subscribe({ ...valid, email })).text();
    expect(second).toBe(first);
    await subscribe({ ...valid, email, answers: ["rest"] });
    expect(await stack.mailTo(email)).toHaveLength(1);
    expect(await stack.subscriber(email)).toEqual(stored);

    clockAt(new Date(Date.now() + 11 * 60_000));
    await subscribe({ ...valid, email, answers: ["rest"] });
    const mail = await stack.mailTo(email);
    expect(mail).toHaveLength(2);
    // the new answers wait for the owner; only the second email's link applies them
    expect((await stack.subscriber(email))?.answers).toEqual(["sleep", "mood"]);
    await fetch(linkIn(mail[1]!, "/confirm"), { method: "POST" });
    expect(await stack.subscriber(email)).toMatchObject({ status: "active", answers: ["rest"] });
  });

  it("never reveals that an address is already in the program, and sends it at most one notice per 10 minutes", async () => {
    const email = "member@example.com";
    await subscribe({ ...valid, email });
    await fetch(linkIn((await stack.mailTo(email))[0]!, "/confirm"), { method: "POST" });
    const fresh = await (await subscribe({ ...valid, email: "stranger@example.com" })).text();
    const member = await (await subscribe({ ...valid, email })).text();
    expect(member).toBe(fresh);
    await subscribe({ ...valid, email });
    const mail = await stack.mailTo(email);
    expect(mail.map((m) => m.subject)).toHaveLength(2); // the confirmation and one notice
    expect(mail[1]?.subject).not.toMatch(/confirm/i);
    const stored = await stack.subscriber(email);
    expect(stored?.status).toBe("active");
    expect(stored?.answers).toEqual(["sleep", "mood"]);
  });

  it("lets an unsubscribed address come back, through a new confirmation", async () => {
    const email = "returner@example.com";
    await subscribe({ ...valid, email });
    await fetch(linkIn((await stack.mailTo(email))[0]!, "/confirm"), { method: "POST" });
    await fetch((await stack.links(email)).unsubscribe(), { method: "POST" });
    expect((await stack.subscriber(email))?.status).toBe("unsubscribed");

    clockAt(new Date(Date.now() + 11 * 60_000)); // one confirmation per address per 10 minutes
    await subscribe({ ...valid, email, answers: ["fatigue"] });
    const waiting = await stack.subscriber(email);
    expect(waiting).toMatchObject({ status: "unsubscribed", answers: ["sleep", "mood"] });
    expect(Object.values(waiting?.pendingSignups ?? {})).toMatchObject([{ answers: ["fatigue"] }]);
    expect(waiting?.dueAt).toBeUndefined();
    const mail = await stack.mailTo(email);
    expect(mail).toHaveLength(2);
    await fetch(linkIn(mail[1]!, "/confirm"), { method: "POST" });
    const back = await stack.subscriber(email);
    expect(back).toMatchObject({ status: "active", week: 1, answers: ["fatigue"] });
    expect(back?.pendingSignups).toBeUndefined();
  });
});

describe("where links point", () => {
  it("is the configured origin, whatever Host header the request carries", async () => {
    const email = "forged.host@example.com";
    const forged = await rawPost(`${stack.url}/subscribe`, { ...valid, email }, { headers: { host: "evil.example" } });
    expect(forged.status).toBe(200);
    const [confirmation] = await stack.mailTo(email);
    const link = linkIn(confirmation!, "/confirm");
    expect(link.startsWith(`${stack.url}/confirm?token=`)).toBe(true);
    expect(confirmation!.body.text).not.toContain("evil.example");
    expect(confirmation!.body.html).not.toContain("evil.example");
  });
});

describe("privacy", () => {
  it("never writes an address into a log line or a URL, from signup to unsubscribing", async () => {
    const lines: string[] = [];
    const spies = (["log", "error", "warn", "info"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" "))),
    );
    try {
      const email = "private.person@example.com";
      await subscribe({ ...valid, email });
      await subscribe({ ...valid, email: "not-an-address" });
      const [confirmation] = await stack.mailTo(email);
      const confirmLink = linkIn(confirmation!, "/confirm");
      await fetch(confirmLink);
      await fetch(confirmLink, { method: "POST" });
      await fetch((await stack.links(email)).unsubscribe(), { method: "POST" });
      for (const url of [confirmLink, (await stack.links(email)).unsubscribe()]) expect(url).not.toMatch(/private|@/);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).not.toMatch(/private\.person|@example\.com/);
  });
});
