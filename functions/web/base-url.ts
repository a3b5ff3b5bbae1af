import type { Context } from "hono";
import { contextOf, type RequestContext } from "./request";

/** What `hono/aws-lambda` hands the app about the invocation: AWS's own record, no client header. */
interface LambdaBindings {
  event?: { requestContext?: { domainName?: string } };
}

/**
 * The URLs this deployment is configured with, in the order links prefer them: the operator's
 * custom domain when one is set; on Lambda, the Function URL AWS says this request came to; the
 * API's configured URL (the local stack's). Never the Host header or anything else the client sends.
 */
function configuredUrls(c: RequestContext): string[] {
  const { publicUrl, apiUrl } = contextOf(c);
  const functionUrl = (c.env as LambdaBindings | undefined)?.event?.requestContext?.domainName;
  return [publicUrl, functionUrl && `https://${functionUrl}`, apiUrl].filter((url): url is string => Boolean(url));
}

/** Where links in the emails we send from a request point: the first of `configuredUrls`. */
export function baseUrlOf(c: RequestContext): string {
  const [base] = configuredUrls(c);
  if (!base) throw new Error("no configured origin for links: link the Api or PublicUrl resource");
  return base;
}

/** The origins this deployment serves its pages from (`configuredUrls`): the only ones whose forms it takes. */
export function configuredOrigins(c: RequestContext): string[] {
  return [...new Set(configuredUrls(c).flatMap((url) => (URL.canParse(url) ? [new URL(url).origin] : [])))];
}

/** This request's path and query, for a form that posts back to the same URL. */
export function selfPath(c: Context): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}
