import { randomUUID } from "node:crypto";
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";

/**
 * A small HTTP front for AWS's APIs, between the code under test and moto (or nothing): it
 * passes every request through, except where a rule says otherwise. A rule can inject what AWS
 * does and moto can't be made to do (AccessDenied, throttling, a request that never gets an
 * answer, a connection cut), answer what moto doesn't implement (SES v2 GetAccount, Lambda
 * GetAccountSettings), or change moto's answer (the tags an identity carries, a subscription
 * still waiting for its confirmation). Errors are written in each service's own protocol, so
 * the AWS SDK reads them as it reads AWS's.
 */

/** One request, as the front sees it: the service (from its signature), the operation, and the raw parts. */
export interface AwsRequest {
  service: string;
  operation: string;
  method: string;
  path: string;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Fault = "AccessDenied" | "Throttling" | "timeout" | "unreachable";

export interface Rule {
  when: (request: AwsRequest) => boolean;
  /** a fault AWS can produce */
  fault?: Fault;
  /** an answer of the rule's own; `upstream()` is moto's answer to the same request */
  answer?: (request: AwsRequest, upstream: () => Promise<Answer>) => Answer | Promise<Answer>;
}

type Protocol = "query" | "restJson" | "restXml" | "json";

function protocolOf(service: string, path: string): Protocol {
  if (service === "ses") return path.startsWith("/v2/") ? "restJson" : "query";
  if (service === "lambda" || service === "scheduler") return "restJson";
  if (service === "route53") return "restXml";
  if (service === "dynamodb") return "json";
  return "query"; // sts, sns
}

/** REST operations the tests touch, by method and path. */
const REST: Array<[string, RegExp, string]> = [
  ["GET", /^\/v2\/email\/account\/?$/, "GetAccount"],
  ["GET", /^\/v2\/email\/identities\/[^/]+$/, "GetEmailIdentity"],
  ["GET", /^\/v2\/email\/configuration-sets\/[^/]+$/, "GetConfigurationSet"],
  ["GET", /^\/2016-08-19\/account-settings\/?$/, "GetAccountSettings"],
  ["GET", /^\/schedules\/?$/, "ListSchedules"],
  ["GET", /^\/schedules\/[^/]+$/, "GetSchedule"],
  ["GET", /^\/2013-04-01\/hostedzonesbyname/, "ListHostedZonesByName"],
];

function operationOf(protocol: Protocol, method: string, path: string, body: string, headers: IncomingHttpHeaders): string {
  if (protocol === "query") return new URLSearchParams(body).get("Action") ?? "";
  if (protocol === "json") return String(headers["x-amz-target"] ?? "").split(".").pop() ?? "";
  const bare = path.split("?")[0]!;
  return REST.find(([m, p]) => m === method && p.test(bare))?.[2] ?? `${method} ${bare}`;
}

/** The error a service answers, in its own protocol. */
export function awsError(request: Pick<AwsRequest, "service" | "path">, code: string, status: number, message: string): Answer {
  const protocol = protocolOf(request.service, request.path);
  if (protocol === "restJson") return { status, headers: { "content-type": "application/json", "x-amzn-errortype": code }, body: JSON.stringify({ message }) };
  if (protocol === "json") return { status, headers: { "content-type": "application/x-amz-json-1.0" }, body: JSON.stringify({ __type: `com.amazonaws#${code}`, message }) };
  const xml = `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status, headers: { "content-type": "text/xml" }, body: xml };
}

/** Each service's own name for the two faults, as AWS sends them. */
function faultAnswer(request: AwsRequest, fault: "AccessDenied" | "Throttling"): Answer {
  const protocol = protocolOf(request.service, request.path);
  const who = "arn:aws:iam::123456789012:user/operator";
  if (fault === "AccessDenied") {
    const code = request.service === "sns" ? "AuthorizationError" : protocol === "query" || protocol === "restXml" ? "AccessDenied" : "AccessDeniedException";
    const action = `${request.service === "ses" ? "ses" : request.service}:${request.operation}`;
    return awsError(request, code, 403, `User: ${who} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`);
  }
  if (protocol === "restJson") return awsError(request, request.service === "scheduler" ? "ThrottlingException" : "TooManyRequestsException", 429, "Too Many Requests");
  if (protocol === "json") return awsError(request, "ThrottlingException", 400, "Rate exceeded");
  return awsError(request, "Throttling", 400, "Rate exceeded");
}

export interface AwsFront {
  url: string;
  /** checked in order, first match wins; change them between calls */
  rules: Rule[];
  /** every request that reached the front */
  seen: AwsRequest[];
  close(): Promise<void>;
}

/** Starts the front on a free port; without `upstream`, anything no rule answers is a 404 (as a missing operation is). */
export async function startAwsFront(upstream?: string): Promise<AwsFront> {
  const rules: Rule[] = [];
  const seen: AwsRequest[] = [];
  const sockets = new Set<Socket>();
  const target = upstream ? new URL(upstream) : undefined;

  const forward = (incoming: AwsRequest, raw: Buffer): Promise<Answer> =>
    new Promise((done, failed) => {
      if (!target) return done({ status: 404, headers: { "content-type": "text/html" }, body: "<h1>Not Found</h1>" });
      const headers = { ...incoming.headers, host: target.host, "content-length": String(raw.length) };
      const upstreamRequest = request({ host: target.hostname, port: target.port, path: incoming.path, method: incoming.method, headers }, (answer: IncomingMessage) => {
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => done({ status: answer.statusCode ?? 502, headers: flat(answer.headers), body: Buffer.concat(chunks).toString("utf8") }));
      });
      upstreamRequest.on("error", failed);
      upstreamRequest.end(raw);
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString("utf8");
      const path = req.url ?? "/";
      const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "unknown";
      const request: AwsRequest = { service, operation: "", method: req.method ?? "GET", path, body, headers: req.headers };
      request.operation = operationOf(protocolOf(service, path), request.method, path, body, req.headers);
      seen.push(request);
      const rule = rules.find((r) => r.when(request));
      try {
        if (rule?.fault === "timeout") return; // never answered: the client's own timeout ends it
        if (rule?.fault === "unreachable") return req.socket.destroy();
        const answer = rule?.fault
          ? faultAnswer(request, rule.fault)
          : rule?.answer
            ? await rule.answer(request, () => forward(request, raw))
            : await forward(request, raw);
        const bytes = Buffer.from(answer.body ?? "");
        const headers = { ...answer.headers, "content-length": String(bytes.length), "x-amzn-requestid": randomUUID() };
        delete (headers as Record<string, string>)["transfer-encoding"];
        res.writeHead(answer.status, headers);
        res.end(bytes);
      } catch (error) {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`front: ${(error as Error).message}`);
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    rules,
    seen,
    close: () =>
      new Promise<void>((closed) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => closed());
      }),
  };
}

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v]])));
}

/** Rules, by what they match. */
export const on =
  (service: string, operation?: string | RegExp) =>
  (request: AwsRequest): boolean =>
    request.service === service && (operation === undefined || (typeof operation === "string" ? request.operation === operation : operation.test(request.operation)));
