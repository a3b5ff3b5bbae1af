import { once } from "node:events";
import { createServer, request, type Server } from "node:http";
import sesModule from "aws-ses-v2-local";

/** aws-ses-v2-local is CommonJS with a `default` export; Node's ESM loader wraps it once more. */
const sesLocal = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as typeof sesModule;

export interface LocalQuota {
  max24HourSend: number;
  maxSendRate: number;
}

async function readBody(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Each email's own date (its MIME `Date` header: the local clock when it was sent), by the
 * emulator's message id; kept for the process, as the emulator keeps its emails.
 */
export const sentDates = new Map<string, Date>();

/** The `Date` header of a raw MIME message (the headers end at the first empty line). */
function dateHeader(raw: string | null): Date | undefined {
  if (!raw) return undefined;
  const mime = Buffer.from(raw, "base64").toString("latin1");
  const headers = mime.slice(0, Math.max(0, mime.search(/\r?\n\r?\n/)));
  const value = /^Date:[ \t]*(.+)$/im.exec(headers)?.[1];
  const date = value ? new Date(value.trim()) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * The local mailbox: aws-ses-v2-local behind a small front on `port` that adds the one SES
 * call the emulator lacks, GetSendQuota (counting the sends that passed through it in the last
 * 24 hours), and passes everything else, the mailbox web page included, straight through. It
 * notes each sent email's `Date` header in `sentDates` (the emulator keeps no headers), for the
 * local mailbox page (infra/dev/mailbox.tsx) to show the local clock's date.
 */
export async function startLocalSes(port: number, quota: LocalQuota): Promise<Server[]> {
  const emulator = await sesLocal({ host: "127.0.0.1", port: 0 });
  const inner = (emulator.address() as { port: number }).port;

  const sentAt: number[] = [];
  const front = createServer(async (req, res) => {
    const body = await readBody(req);
    const form = req.method === "POST" ? new URLSearchParams(body.toString("utf8")) : undefined;
    const action = form?.get("Action") ?? null;
    if (action === "GetSendQuota") {
      while (sentAt.length && sentAt[0]! < Date.now() - 86_400_000) sentAt.shift();
      const sent = sentAt.length;
      res.setHeader("content-type", "text/xml");
      res.end(
        `<GetSendQuotaResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><GetSendQuotaResult><Max24HourSend>${quota.max24HourSend}</Max24HourSend><SentLast24Hours>${sent}</SentLast24Hours><MaxSendRate>${quota.maxSendRate}</MaxSendRate></GetSendQuotaResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></GetSendQuotaResponse>`,
      );
      return;
    }
    const forward = request(
      { host: "127.0.0.1", port: inner, method: req.method, path: req.url, headers: req.headers },
      async (answer) => {
        const sent = answer.statusCode === 200 && (action === "SendRawEmail" || action === "SendEmail");
        if (sent) sentAt.push(Date.now());
        const date = sent ? dateHeader(form?.get("RawMessage.Data") ?? null) : undefined;
        if (!date) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const reply = await readBody(answer);
        const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(reply.toString("utf8"))?.[1];
        if (messageId) sentDates.set(messageId, date);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(reply);
      },
    );
    forward.on("error", () => res.writeHead(502).end());
    forward.end(body);
  });
  front.listen(port, "127.0.0.1");
  try {
    await once(front, "listening");
  } catch (error) {
    await new Promise((done) => emulator.close(done));
    throw error;
  }
  return [front, emulator];
}
