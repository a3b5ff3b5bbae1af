import { Hono } from "hono";
import { Layout } from "../../functions/web/pages/layout";
import { clockDrift, localTime } from "./local-time";
import { sentDates } from "./ses";

/** An email as the SES emulator's `/store` lists it (the fields read here). */
interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** when the emulator received it, epoch seconds (real time) */
  at: number;
}

export interface MailboxOptions {
  /** the SES emulator (its `/store` and its own page) */
  emulator: string;
  /** the emulator is the stack's own, whose front notes each email's own date (the local clock when it was sent) */
  own: boolean;
  /** the local clock */
  clock: () => Date;
}

const ID = /^[\w.-]{1,100}$/;

/**
 * Local only (mounted by the local stack, never deployed): every email the stack sent, at
 * /mailbox, by recipient, each dated by the local clock when it went out (the week `npm run
 * send -- --at` walked to), and each opened as HTML or as its plain text.
 */
export function mailboxRoutes({ emulator, own, clock }: MailboxOptions) {
  async function emails(): Promise<(StoredEmail & { sentAt: Date })[]> {
    const response = await fetch(`${emulator}/store`);
    const { emails } = (await response.json()) as { emails: StoredEmail[] };
    return emails.map((email) => ({ ...email, sentAt: (own && sentDates.get(email.messageId)) || new Date(email.at * 1000) }));
  }

  return new Hono()
    .get("/", async (c) => {
      const all = await emails();
      const byRecipient = new Map<string, typeof all>();
      for (const email of all) {
        for (const to of email.destination.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), email]);
      }
      const recipients = [...byRecipient.entries()].sort(([a], [b]) => a.localeCompare(b));
      const now = clock();
      return c.html(
        <Layout title="Local mailbox">
          <h1>Local mailbox</h1>
          <p>
            Every email the local stack has sent since <code>npm start</code> started, by recipient. Each is dated by the
            local clock when it went out: <code>npm run send -- --at</code> moves that clock.
          </p>
          <p>
            Local clock: <strong>{localTime(now)}</strong> ({clockDrift(now)}). The SES emulator's own page:{" "}
            <a href={`${emulator}/`}>{emulator}/</a>.
          </p>
          {recipients.length === 0 && <p>Nothing has been sent yet.</p>}
          {recipients.length > 1 && (
            <ul>
              {recipients.map(([to, list], i) => (
                <li>
                  <a href={`#r${i + 1}`}>{to}</a> ({list.length})
                </li>
              ))}
            </ul>
          )}
          {recipients.map(([to, list], i) => (
            <section id={`r${i + 1}`} aria-labelledby={`r${i + 1}-heading`}>
              <h2 id={`r${i + 1}-heading`}>{to}</h2>
              <ol>
                {[...list]
                  .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())
                  .map((email) => (
                    <li class="sent">
                      <time datetime={email.sentAt.toISOString()}>{localTime(email.sentAt)}</time>: {email.subject} (
                      <a href={`/mailbox/${email.messageId}`}>HTML</a>, <a href={`/mailbox/${email.messageId}.txt`}>text</a>)
                    </li>
                  ))}
              </ol>
            </section>
          ))}
        </Layout>,
      );
    })
    .get("/:id", async (c) => {
      const name = c.req.param("id");
      const asText = name.endsWith(".txt");
      const id = name.replace(/\.txt$/, "");
      if (!ID.test(id)) return c.text("No such email.", 404);
      const email = (await emails()).find((e) => e.messageId === id);
      if (!email) return c.text("No such email (the mailbox starts empty when npm start starts).", 404);
      return asText ? c.text(`Subject: ${email.subject}\n\n${email.body.text ?? ""}`) : c.html(email.body.html ?? "");
    });
}
