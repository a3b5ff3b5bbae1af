import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";

export interface CapturedEmail {
  destinations: string[];
  configurationSet?: string;
  /** the raw MIME message exactly as the SDK sent it */
  raw: string;
}

export interface CaptureOptions {
  /** answers this share of SendRawEmail calls with SES's Throttling error */
  throttleShare?: number;
  /** answers SendRawEmail to these addresses with MessageRejected */
  reject?: (destination: string) => boolean;
  /** answers every SendRawEmail with this error (e.g. a paused account: AccountSendingPausedException) */
  failWith?: { code: string; message: string };
  /** what GetSendQuota answers */
  quota?: { max24HourSend: number; sentLast24Hours: number; maxSendRate: number };
}

async function body(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

const error = (code: string, message: string) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>test</RequestId></ErrorResponse>`;

/**
 * A stand-in SES endpoint for the faults the emulator can't produce (throttling, rejections,
 * a nearly used quota) and for reading the raw MIME of what was sent, headers included.
 */
export async function startSesCapture(options: CaptureOptions = {}) {
  const sent: CapturedEmail[] = [];
  const stats = { calls: 0, throttled: 0, rejected: 0 };
  const server = createServer(async (request, response) => {
    const form = await body(request);
    response.setHeader("content-type", "text/xml");
    const action = form.get("Action");
    if (action === "GetSendQuota") {
      const q = options.quota ?? { max24HourSend: 50_000, sentLast24Hours: 0, maxSendRate: 14 };
      response.end(
        `<GetSendQuotaResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><GetSendQuotaResult><Max24HourSend>${q.max24HourSend}</Max24HourSend><SentLast24Hours>${q.sentLast24Hours}</SentLast24Hours><MaxSendRate>${q.maxSendRate}</MaxSendRate></GetSendQuotaResult><ResponseMetadata><RequestId>test</RequestId></ResponseMetadata></GetSendQuotaResponse>`,
      );
      return;
    }
    if (action !== "SendRawEmail") {
      response.statusCode = 400;
      response.end(error("InvalidAction", `not supported here: ${action}`));
      return;
    }
    stats.calls++;
    const destinations = [...form.entries()].filter(([k]) => k.startsWith("Destinations.member.")).map(([, v]) => v);
    if (options.throttleShare && Math.random() < options.throttleShare) {
      stats.throttled++;
      response.statusCode = 400;
      response.end(error("Throttling", "Maximum sending rate exceeded."));
      return;
    }
    if (options.failWith) {
      stats.rejected++;
      response.statusCode = 400;
      response.end(error(options.failWith.code, options.failWith.message));
      return;
    }
    if (options.reject && destinations.some(options.reject)) {
      stats.rejected++;
      response.statusCode = 400;
      response.end(error("MessageRejected", "Email address is not verified."));
      return;
    }
    const raw = Buffer.from(form.get("RawMessage.Data") ?? "", "base64").toString("utf8");
    sent.push({ destinations, configurationSet: form.get("ConfigurationSetName") ?? undefined, raw });
    response.end(
      `<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>capture-${sent.length}</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>test</RequestId></ResponseMetadata></SendRawEmailResponse>`,
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    stats,
    options,
    to: (address: string) => sent.filter((e) => e.destinations.includes(address)),
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
