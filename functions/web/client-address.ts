import type { Context } from "hono";

/** What the two platforms hand the app about the connection: AWS's record, or Node's socket. */
interface Bindings {
  /** Lambda (`hono/aws-lambda`): the invocation event */
  event?: { requestContext?: { http?: { sourceIp?: string } } };
  /** Node (`@hono/node-server`, the local stack): the incoming request and its socket */
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The client's IP address as the platform saw it: Lambda's `requestContext.http.sourceIp`, or
 * the TCP peer locally. Never a header the client sets (X-Forwarded-For and the like).
 */
export function clientAddress(c: Context): string | undefined {
  const bindings = c.env as Bindings | undefined;
  return bindings?.event?.requestContext?.http?.sourceIp ?? bindings?.incoming?.socket?.remoteAddress;
}
