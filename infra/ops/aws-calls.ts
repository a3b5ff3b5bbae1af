/**
 * Calls to AWS from the operator's commands (npm run doctor, npm run deploy's SES check), and what
 * to tell the operator when one fails: which permission is missing, which endpoint didn't answer,
 * and what to do about it, in one line. Nothing here throws past the caller's check: a failed
 * call becomes an `AwsCallFailed` naming the IAM action and the endpoint.
 */

interface Client {
  config: { serviceId: string; region: () => Promise<string> };
  send(command: unknown): Promise<unknown>;
}

/** The IAM prefix of each service's actions, and its endpoint's host name (before the region). */
const SERVICES: Record<string, { iam: string; host: string; env: string; global?: boolean }> = {
  SES: { iam: "ses", host: "email", env: "SES" },
  SESv2: { iam: "ses", host: "email", env: "SESV2" },
  STS: { iam: "sts", host: "sts", env: "STS" },
  Lambda: { iam: "lambda", host: "lambda", env: "LAMBDA" },
  SNS: { iam: "sns", host: "sns", env: "SNS" },
  Scheduler: { iam: "scheduler", host: "scheduler", env: "SCHEDULER" },
  "Route 53": { iam: "route53", host: "route53", env: "ROUTE_53", global: true },
  DynamoDB: { iam: "dynamodb", host: "dynamodb", env: "DYNAMODB" },
};

/** How long one request may take before the doctor gives up on it (UNKNOT_AWS_TIMEOUT_MS; 10 s). */
export const timeoutMs = (env: NodeJS.ProcessEnv = process.env) => Number(env.UNKNOT_AWS_TIMEOUT_MS) || 10_000;

/**
 * What every client of the operator's commands is built with: a request that hangs ends, named
 * (the SDK's handler only warns about a request timeout unless told to throw).
 */
export const clientOptions = () => ({ requestHandler: { connectionTimeout: timeoutMs(), requestTimeout: timeoutMs(), throwOnRequestTimeout: true } });

/** One call that failed: the IAM action it needed, the endpoint it went to, and what came back. */
export class AwsCallFailed extends Error {
  constructor(
    readonly action: string,
    readonly endpoint: string,
    override readonly cause: unknown,
  ) {
    super(`${action} failed`);
    this.name = "AwsCallFailed";
  }
}

/** The endpoint a client talks to: an override (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL), or AWS's own. */
async function endpointOf(client: Client, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const service = SERVICES[client.config.serviceId];
  const override = (service && env[`AWS_ENDPOINT_URL_${service.env}`]) || env.AWS_ENDPOINT_URL;
  if (override) return override;
  if (!service) return client.config.serviceId;
  if (service.global) return `https://${service.host}.amazonaws.com`;
  const region = await client.config.region().catch(() => "<region>");
  return `https://${service.host}.${region}.amazonaws.com`;
}

/** What a command of the AWS SDK answers (read from its middleware's handler type). */
type OutputOf<C> = C extends { resolveMiddleware(...args: any[]): (args: any) => Promise<{ output: infer O }> } ? O : never;

/** Sends one command; a failure comes back as AwsCallFailed, with the action (`ses:GetAccount`) and the endpoint. */
export async function call<C extends object>(client: Omit<Client, "send"> & { send(command: any): Promise<unknown> }, command: C): Promise<OutputOf<C>> {
  try {
    return (await client.send(command)) as OutputOf<C>;
  } catch (error) {
    const service = SERVICES[client.config.serviceId];
    const action = `${service?.iam ?? client.config.serviceId}:${command.constructor.name.replace(/Command$/, "")}`;
    throw new AwsCallFailed(action, await endpointOf(client as Client), error);
  }
}

const PERMISSION = /^(AccessDenied|AccessDeniedException|AuthorizationError|UnauthorizedOperation|Forbidden)$/;
const CREDENTIALS = /^(InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|ExpiredToken|ExpiredTokenException|InvalidAccessKeyId|CredentialsProviderError|IncompleteSignature)$/;
const THROTTLED = /^(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|SlowDown)$/;
const TIMEOUT = /^(TimeoutError|RequestTimeout|RequestTimeoutException)$|ETIMEDOUT|ESOCKETTIMEDOUT/;
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|socket hang up/;

/** The error's name and code, and anything a network error carries. */
function describe(error: unknown) {
  const e = (error ?? {}) as { name?: string; code?: string; errno?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  const inner = (e.cause ?? {}) as { code?: string; message?: string };
  return {
    name: e.name ?? "Error",
    text: [e.name, e.code, e.errno, e.message, inner.code, inner.message].filter(Boolean).join(" "),
    status: e.$metadata?.httpStatusCode,
    message: e.message ?? String(error),
  };
}

/** One line for a failed call: what went wrong and what to do, naming the permission or the endpoint. */
export function explain(error: unknown): string {
  if (!(error instanceof AwsCallFailed)) {
    const { name, message } = describe(error);
    return `couldn't be checked (${name}: ${message})`;
  }
  const { action, endpoint } = error;
  const { name, text, status } = describe(error.cause);
  if (PERMISSION.test(name) || (status === 403 && !CREDENTIALS.test(name))) {
    return `the AWS credentials may not call ${action} (${name}): allow ${action} for your IAM user or role (administrator access is simplest while you set unknot up)`;
  }
  if (name === "CredentialsProviderError") return `no AWS credentials found: run aws configure, or export AWS_PROFILE=<your profile>`;
  if (CREDENTIALS.test(name)) return `AWS doesn't accept the credentials (${name}): run aws configure, or export AWS_PROFILE=<your profile>`;
  if (THROTTLED.test(name) || /rate exceeded/i.test(text)) return `AWS throttled ${action} (${name}): wait a minute and run npm run doctor again`;
  if (TIMEOUT.test(text)) {
    return `${endpoint} didn't answer ${action} within ${timeoutMs() / 1000} s: check your network, proxy or VPN, then run npm run doctor again`;
  }
  if (UNREACHABLE.test(text)) {
    const code = text.match(UNREACHABLE)?.[0];
    return `can't reach ${endpoint} for ${action} (${code}): check your network, proxy or VPN and AWS_REGION; an AWS_ENDPOINT_URL… override must point at something running`;
  }
  if (name === "SyntaxError" || (status === 404 && !/NotFound/.test(name))) {
    return `${endpoint} gave no AWS answer to ${action} (HTTP ${status}): is AWS_ENDPOINT_URL pointing at AWS?`;
  }
  return `${action} failed (${name}: ${describe(error.cause).message})`;
}

/** Whether a failed call means "there is no such thing" (the answer a check may expect). */
export const isNotFound = (error: unknown, ...names: string[]) =>
  error instanceof AwsCallFailed && ["NotFoundException", "ResourceNotFoundException", ...names].includes(describe(error.cause).name);

/** Whether the endpoint doesn't know this call at all (older endpoints, emulators), as opposed to refusing it. */
export const isUnknownCall = (error: unknown) => {
  if (!(error instanceof AwsCallFailed)) return false;
  const { name, status } = describe(error.cause);
  return (status === 404 && !/NotFound/.test(name)) || /UnknownOperation|InvalidAction|SyntaxError/.test(name);
};
