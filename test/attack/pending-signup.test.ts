import { afterEach, describe, expect, it, vi } from "vitest";
import { confirmedSubscriber } from "../support/people";
import { linkIn, postForm } from "../support/http";
import { useMemoryStack } from "../support/use-stack";
import { flags as warningSigns } from "../../functions/domain/subscriber/self-check";

/**
 * A stranger who knows a returning subscriber's address signs it up again, after the owner did
 * (N2). The owner's own waiting signup, with its urgent warning signs, must survive it; each
 * confirmation page says which answers pressing its button will use.
 */

const stack = useMemoryStack();
afterEach(() => {
  vi.useRealTimers();
});

const MINUTE = 60_000;
/** How the pages name a warning sign once it was ticked. */
const named = (id: string) => warningSigns.find((f) => f.id === id)!.short;
const URGENT_BLADDER = named("bladder");
const URGENT_SADDLE = named("saddle");
const owner = { answers: ["sleep"], flags: ["bladder", "saddle"], tz: "Europe/Berlin", consent: "yes", website: "" };
const stranger = { answers: [] as string[], flags: [] as string[], tz: "UTC", consent: "yes", website: "" };

const subscribe = (email: string, fields: typeof owner) => postForm(`${stack.url}/subscribe`, { ...fields, email });
const confirmations = async (email: string) => (await stack.mailTo(email)).filter((m) => /confirm/i.test(m.subject));
/** The page as a person reads it: entities decoded. */
const read = async (response: Response) => (await response.text()).replace(/&#39;/g, "'").replace(/&quot;/g, '"');

/** Moves the app's clock (it runs in this process) without touching timers. */
function clockAt(ms: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(ms));
}

/** Someone who did the program once and left: their address takes a new signup. */
async function returning(email: string) {
  await confirmedSubscriber(stack, email, { answers: ["mood"] });
  await fetch((await stack.links(email)).unsubscribe(), { method: "POST" });
  expect((await stack.subscriber(email))?.status).toBe("unsubscribed");
}

describe("N2: a stranger's signup after the owner's", () => {
  it("leaves the owner's link working, and confirming it starts the owner's answers, urgent signs included", async () => {
    const email = "n2.returning@example.com";
    await returning(email);
    const start = Date.now();
    clockAt(start + 11 * MINUTE);
    expect((await subscribe(email, owner)).status).toBe(200);
    clockAt(start + 22 * MINUTE);
    expect((await subscribe(email, stranger)).status).toBe(200);

    const [, ownersMail, strangersMail] = await confirmations(email);
    expect(strangersMail).toBeDefined();
    const ownersLink = linkIn(ownersMail!, "/confirm");
    const strangersLink = linkIn(strangersMail!, "/confirm");

    // each page says what its button starts: the owner can tell the two apart
    const ownersPage = await read(await fetch(ownersLink));
    expect(ownersPage).toContain(URGENT_BLADDER);
    expect(ownersPage).toContain(URGENT_SADDLE);
    expect(ownersPage).toContain("I have trouble falling or staying asleep");
    const strangersPage = await read(await fetch(strangersLink));
    expect(strangersPage).not.toContain(URGENT_BLADDER);
    expect(strangersPage).toContain("No warning signs");
    expect(strangersPage).toContain("None of the statements");
    // looking changes nothing
    expect((await stack.subscriber(email))?.status).toBe("unsubscribed");

    const confirmed = await fetch(ownersLink, { method: "POST" });
    expect(confirmed.status).toBe(200);
    const active = await stack.subscriber(email);
    expect(active).toMatchObject({ status: "active", week: 1, answers: ["sleep"], flags: ["bladder", "saddle"] });

    // the stranger's is gone with the choice the owner made
    expect((await fetch(strangersLink, { method: "POST" })).status).toBe(410);
    expect((await stack.subscriber(email))?.flags).toEqual(["bladder", "saddle"]);
  });

  it("keeps every waiting signup for its own link, whichever the owner confirms", async () => {
    const email = "n2.either@example.com";
    await returning(email);
    // an hour apart, so one inbox's hourly allowance of signup emails never holds one back
    const start = Date.now();
    for (const [hours, who] of [[1, stranger], [2, owner], [3, stranger]] as const) {
      clockAt(start + hours * 60 * MINUTE);
      await subscribe(email, who);
    }

    const [, first, second, third] = await confirmations(email);
    expect(third).toBeDefined();
    // the owner's signup, between two of the stranger's, still confirms exactly the owner's answers
    expect(await read(await fetch(linkIn(second!, "/confirm")))).toContain(URGENT_SADDLE);
    expect(await read(await fetch(linkIn(first!, "/confirm")))).not.toContain(URGENT_SADDLE);
    expect((await fetch(linkIn(second!, "/confirm"), { method: "POST" })).status).toBe(200);
    expect(await stack.subscriber(email)).toMatchObject({ status: "active", flags: ["bladder", "saddle"] });
  });

  it("works the same for an address that was never confirmed: the first signup's link keeps its answers", async () => {
    const email = "n2.new@example.com";
    const start = Date.now();
    await subscribe(email, stranger);
    clockAt(start + 11 * MINUTE);
    await subscribe(email, owner);
    clockAt(start + 22 * MINUTE);
    await subscribe(email, stranger);

    const [, ownersMail] = await confirmations(email);
    const ownersLink = linkIn(ownersMail!, "/confirm");
    expect(await read(await fetch(ownersLink))).toContain(URGENT_BLADDER);
    expect((await fetch(ownersLink, { method: "POST" })).status).toBe(200);
    expect(await stack.subscriber(email)).toMatchObject({ status: "active", answers: ["sleep"], flags: ["bladder", "saddle"] });
  });
});
