import { GetSendQuotaCommand, SendRawEmailCommand, type SESClient } from "@aws-sdk/client-ses";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { OutgoingEmail } from "../email/outgoing-email";

export type { OutgoingEmail };

export interface FromAddress {
  name: string;
  address: string;
}

/** The account's SES sending limits. `max24HourSend` is -1 when unlimited. */
export interface SendQuota {
  max24HourSend: number;
  sentLast24Hours: number;
  maxSendRate: number;
}

export interface Mailer {
  /** Sends one email; resolves to the provider's message id. */
  send(email: OutgoingEmail): Promise<string>;
  quota(): Promise<SendQuota>;
}

/**
 * Builds the MIME message (multipart/alternative, text + HTML) with nodemailer's composer, every
 * line ending in CRLF as RFC 5322 requires (the composer keeps bare LFs unless told).
 */
export async function buildMime(from: FromAddress, email: OutgoingEmail): Promise<Buffer> {
  const composer = new MailComposer({
    from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    textEncoding: "quoted-printable",
    newline: "windows",
    ...(email.unsubscribeUrl && {
      headers: {
        "List-Unsubscribe": `<${email.unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    }),
  });
  return composer.compile().build();
}

export function sesMailer(ses: SESClient, from: FromAddress, configurationSet?: string): Mailer {
  return {
    async send(email) {
      const raw = await buildMime(from, email);
      const result = await ses.send(
        new SendRawEmailCommand({
          RawMessage: { Data: raw },
          Destinations: [email.to],
          Source: from.address,
          ConfigurationSetName: configurationSet,
        }),
      );
      return result.MessageId ?? "";
    },
    async quota() {
      const q = await ses.send(new GetSendQuotaCommand({}));
      return {
        max24HourSend: q.Max24HourSend ?? -1,
        sentLast24Hours: q.SentLast24Hours ?? 0,
        maxSendRate: q.MaxSendRate ?? 1,
      };
    },
  };
}
