import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { linkIn, startTestStack, type TestStack } from "./support/stack";

/**
 * The deployed entry point (`functions/handlers/api.ts`), driven the way AWS drives it: a Lambda Function
 * URL event (payload format 2.0) in, a `{ statusCode, headers, body }` result out.
 */

type FunctionUrlEvent = Extract<LambdaEvent, { rawPath: string }>;
type Handler = (typeof import("../functions/handlers/api"))["handler"];

const HOST = "abc123.lambda-url.eu-west-1.on.aws";
const FORM = "application/x-www-form-urlencoded";
const USER_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";

let stack: TestStack;
let handler: Handler;

beforeAll(async () => {
  stack = await startTestStack();
  // the handler reads SST_RESOURCE_* and AWS_ENDPOINT_URL_* that the stack has just set
  ({ handler } = await import("../functions/handlers/api"));
});
afterAll(() => stack?.stop());

const lambdaContext: LambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: "unknot-production-ApiFunction",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:unknot-production-ApiFunction",
  memoryLimitInMB: "1024",
  awsRequestId: "6f1d7c2e-3b0a-4f5e-9d8c-1a2b3c4d5e6f",
  logGroupName: "/aws/lambda/unknot-production-ApiFunction",
  logStreamName: "2025/03/01/[$LATEST]0123456789abcdef0123456789abcdef",
  getRemainingTimeInMillis: () => 29_000,
};

/** A Function URL event as AWS delivers it (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html). */
function functionUrlEvent(
  method: "GET" | "POST",
  path: string,
  options: { query?: string; body?: string; contentType?: string; base64?: boolean } = {},
): FunctionUrlEvent {
  const { query = "", body, contentType, base64 = false } = options;
  const headers: Record<string, string> = {
    host: HOST,
    "user-agent": USER_AGENT,
    accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "accept-encoding": "gzip, deflate, br",
    "accept-language": "en-GB,en;q=0.9",
    "x-amzn-trace-id": "Root=1-65e1a2b3-0123456789abcdef01234567",
    "x-forwarded-for": "203.0.113.7",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
  };
  if (contentType) headers["content-type"] = contentType;
  if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: query,
    headers,
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: "abc123",
      authentication: null,
      authorizer: {},
      domainName: HOST,
      domainPrefix: "abc123",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: USER_AGENT },
      requestId: "6f1d7c2e-3b0a-4f5e-9d8c-1a2b3c4d5e6f",
      routeKey: "$default",
      stage: "$default",
      time: "01/Mar/2025:09:00:00 +0000",
      timeEpoch: 1_740_819_600_000,
    },
    body: body === undefined ? null : base64 ? Buffer.from(body, "utf8").toString("base64") : body,
    isBase64Encoded: base64,
  };
}

const invoke = (event: FunctionUrlEvent) => handler(event, lambdaContext);

/** A response header, whatever case the adapter used for its name. */
function header(result: Awaited<ReturnType<typeof invoke>>, name: string): string | undefined {
  const entry = Object.entries(result.headers).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1];
  return Array.isArray(value) ? value.join(", ") : value;
}

function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return body.toString();
}

const valid = { answers: ["sleep", "mood"], flags: [] as string[], tz: "Europe/Dublin", consent: "yes", website: "" };

const CONFIRM_PREFIX = `https://${HOST}/confirm?token=`;

describe("the Lambda entry point (Function URL, payload format 2.0)", () => {
  it("answers the health check", async () => {
    const result = await invoke(functionUrlEvent("GET", "/health"));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ ok: true });
  });

  it("serves the signup page as HTML with the form and a Content-Security-Policy", async () => {
    const result = await invoke(functionUrlEvent("GET", "/"));
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(header(result, "content-type")).toMatch(/^text\/html/);
    expect(result.body).toContain('<form method="post" action="/subscribe"');
    expect(result.body).toContain('name="email"');
    expect(result.body).toContain('name="consent"');
    expect(header(result, "content-security-policy")).toContain("default-src 'none'");
    expect(header(result, "content-security-policy")).toContain("form-action 'self'");
  });

  it.each([
    ["a plain body", false, "lambda.plain@example.com"],
    ["a base64-encoded body", true, "lambda.base64@example.com"],
  ])("takes a signup posted with %s and mails a confirmation link to the Function URL", async (_name, base64, email) => {
    const result = await invoke(
      functionUrlEvent("POST", "/subscribe", {
        body: formBody({ ...valid, email: email.toUpperCase() }),
        contentType: `${FORM}; charset=UTF-8`,
        base64,
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(header(result, "content-type")).toMatch(/^text\/html/);
    expect(result.body).toContain("check your inbox");
    expect(result.body).toContain("2 of the 8 statements fit you");

    expect(await stack.subscriber(email)).toMatchObject({ status: "pending", answers: ["sleep", "mood"], tz: "Europe/Dublin" });

    const mail = await stack.mailTo(email);
    expect(mail).toHaveLength(1);
    const link = linkIn(mail[0]!, "/confirm");
    expect(link.startsWith(CONFIRM_PREFIX)).toBe(true);
    expect(link).not.toContain("example.com");
  });

  it("points links at the Function URL AWS names, never at a forged Host or X-Forwarded-Host header", async () => {
    const email = "lambda.host@example.com";
    const event = functionUrlEvent("POST", "/subscribe", { body: formBody({ ...valid, email }), contentType: FORM });
    event.headers = { ...event.headers, host: "evil.example", "x-forwarded-host": "evil.example" };
    expect((await invoke(event)).statusCode).toBe(200);
    const [confirmation] = await stack.mailTo(email);
    expect(linkIn(confirmation!, "/confirm").startsWith(CONFIRM_PREFIX)).toBe(true);
    expect(confirmation!.body.text).not.toContain("evil.example");
  });

  it("confirms through the link from that email, GET showing a button and POST confirming", async () => {
    const email = "lambda.confirm@example.com";
    await invoke(functionUrlEvent("POST", "/subscribe", { body: formBody({ ...valid, email }), contentType: FORM }));
    const link = new URL(linkIn((await stack.mailTo(email))[0]!, "/confirm"));
    const query = link.search.slice(1);

    const shown = await invoke(functionUrlEvent("GET", "/confirm", { query }));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain("<button");
    expect((await stack.subscriber(email))?.status).toBe("pending");

    const confirmed = await invoke(functionUrlEvent("POST", "/confirm", { query }));
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain("first email is on its way");
    expect((await stack.subscriber(email))?.status).toBe("active");
  });

  it("refuses a JSON body with 415 and stores and sends nothing", async () => {
    const before = { items: (await stack.subscribers()).length, mail: (await stack.mailbox()).length };
    const result = await invoke(
      functionUrlEvent("POST", "/subscribe", {
        body: JSON.stringify({ ...valid, email: "lambda.json@example.com" }),
        contentType: "application/json",
      }),
    );
    expect(result.statusCode).toBe(415);
    expect(result.body).toContain("send the form from the page");
    expect((await stack.subscribers()).length).toBe(before.items);
    expect((await stack.mailbox()).length).toBe(before.mail);
  });

  it("refuses an oversized base64-encoded body with 413", async () => {
    const result = await invoke(
      functionUrlEvent("POST", "/subscribe", {
        body: formBody({ ...valid, email: "lambda.huge@example.com", answers: Array(4000).fill("sleep") }),
        contentType: FORM,
        base64: true,
      }),
    );
    expect(result.statusCode).toBe(413);
    expect(await stack.subscriber("lambda.huge@example.com")).toBeUndefined();
  });

  it("refuses a tampered confirm token with 400 and a way back to the signup page", async () => {
    const email = "lambda.tamper@example.com";
    await invoke(functionUrlEvent("POST", "/subscribe", { body: formBody({ ...valid, email }), contentType: FORM }));
    const token = new URL(linkIn((await stack.mailTo(email))[0]!, "/confirm")).searchParams.get("token")!;
    // change the first character of the payload: the signature no longer matches
    const tampered = (token[0] === "e" ? "f" : "e") + token.slice(1);

    const result = await invoke(functionUrlEvent("GET", "/confirm", { query: `token=${tampered}` }));
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain("not valid");
    expect(result.body).toContain('href="/"');
    expect((await stack.subscriber(email))?.status).toBe("pending");
  });

  it("answers an unknown path with the 404 page", async () => {
    const result = await invoke(functionUrlEvent("GET", "/wp-login.php"));
    expect(result.statusCode).toBe(404);
    expect(result.body).toContain("Page not found");
  });
});
