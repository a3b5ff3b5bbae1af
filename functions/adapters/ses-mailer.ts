import { GetSendQuotaCommand, SendRawEmailCommand, type SESClient } from "@aws-sdk/client-ses";
import type { Mailer, OutgoingEmail } from "../domain/ports";
import { composeMime } from "./mime";

export interface FromAddress {
  name: string;
  address: string;
}

/** The MIME message for one email (`composeMime`), with the one-click unsubscribe headers when the email has a link to leave. */
export function buildMime(from: FromAddress, email: OutgoingEmail, date = new Date()): Buffer {
  return composeMime({
    from,
    date,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    ...(email.unsubscribeUrl && {
      headers: {
        "List-Unsubscribe": `<${email.unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    }),
  });
}

/** The account's sending limits from SES, for a function that reads them and never sends (the sender's planner). */
export function sesQuota(ses: SESClient): Pick<Mailer, "quota"> {
  return {
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

/** `clock` dates each message (the local stack's own clock, which `npm run send -- --at` moves). */
export function sesMailer(ses: SESClient, from: FromAddress, configurationSet?: string, clock: () => Date = () => new Date()): Mailer {
  return {
    ...sesQuota(ses),
    async send(email) {
      const raw = buildMime(from, email, clock());
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
  };
}
