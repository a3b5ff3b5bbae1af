import * as z from "zod/mini";
import { sendingAddress, settingsSchema, type Settings } from "../../functions/domain/settings";
import { brandConfigSchema, brandProblems, runtimeBrand } from "./brand";

/**
 * Every operator setting, declared once. A deploy reads them for its stage from
 * `unknot.config.json` (infra/aws/stage-config.ts) and validates them before SST contacts AWS; the
 * local stack reads the same schema from the demo values below, with `UNKNOT_*` environment
 * variables as overrides. The functions receive the runtime part as the linked `Settings`.
 */

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const domain = z.string().check(z.regex(DOMAIN, "expected a domain such as example.org"));
const senderIdentity = z.string().check(
  z.refine((value) => (value.includes("@") ? z.safeParse(z.email(), value).success : DOMAIN.test(value)), {
    message: "expected an email address (coach@example.org) or a domain you own (example.org)",
  }),
);

const operatorConfigSchema = z
  .strictObject({
    /** the SES identity: an address, or a domain you own */
    sender: senderIdentity,
    /** the From address; required when the sender is a domain, and then at that domain */
    fromAddress: z._default(z.union([z.literal(""), z.email()]), ""),
    senderName: z._default(settingsSchema.shape.senderName, "unknot"),
    /** in every footer: the bulk-sender rules require a real postal address */
    postalAddress: settingsSchema.shape.postalAddress,
    /** your own domain in front of the API's Function URL: every link points there */
    publicUrl: z.optional(z.url({ protocol: /^https$/, error: "expected an https:// address" })),
    /** route53: SST writes the DKIM/DMARC records; manual: you add the records the deploy prints */
    emailDns: z._default(z.enum(["route53", "manual"]), "route53"),
    /** the DMARC record written with route53 DNS; "keep" leaves an existing _dmarc record alone */
    dmarc: z._default(z.string().check(z.regex(/^(keep|v=DMARC1;.*)$/, 'expected "keep" or a record starting "v=DMARC1;"')), "v=DMARC1; p=none;"),
    /** a custom MAIL FROM subdomain of the sender domain (e.g. mail.example.org), for SPF alignment */
    mailFromDomain: z.optional(domain),
    /** who the alarms email; required in production */
    alarmEmail: z.optional(z.email()),
    sendHour: z._default(settingsSchema.shape.sendHour, 8),
    maxSendRate: z._default(settingsSchema.shape.maxSendRate, 14),
    quotaShare: z._default(settingsSchema.shape.quotaShare, 0.8),
    /** shard workers sending at once (the queue's event source mapping's maximum concurrency) */
    maxSendWorkers: z._default(z.int().check(z.gte(2), z.lte(1000)), 4),
    signupsPerIpHour: z._default(settingsSchema.shape.signupsPerIpHour, 5),
    confirmationsPerHour: settingsSchema.shape.confirmationsPerHour,
    retentionMonths: z._default(settingsSchema.shape.retentionMonths, 12),
    /** the clinic's name, logo, accent colour, privacy notice, contact line and call to action (infra/aws/brand.ts) */
    brand: z.optional(brandConfigSchema),
  })
  .check(
    z.superRefine((config, ctx) => {
      for (const { path, message } of config.brand ? brandProblems(config.brand) : []) {
        ctx.issues.push({ code: "custom", path: ["brand", ...path], input: config.brand, message });
      }
      const problem = (key: "fromAddress" | "mailFromDomain", message: string) =>
        ctx.issues.push({ code: "custom", path: [key], input: config[key], message });
      const domain = config.sender.includes("@") ? undefined : config.sender.toLowerCase();
      if (!sendingAddress(config.sender, config.fromAddress)) {
        problem("fromAddress", `required when the sender is a domain: an address at ${config.sender}`);
      } else if (domain && config.fromAddress && !config.fromAddress.toLowerCase().endsWith(`@${domain}`)) {
        problem("fromAddress", `must be an address at the sender domain ${config.sender}`);
      }
      if (config.mailFromDomain && !(domain && config.mailFromDomain.toLowerCase().endsWith(`.${domain}`))) {
        problem("mailFromDomain", "must be a subdomain of the sender domain");
      }
    }),
  );

export type OperatorConfig = z.output<typeof operatorConfigSchema>;

/** What the local stack runs with unless the environment says otherwise. Never deployable to production. */
const DEMO = {
  sender: "coach@unknot.example",
  postalAddress: "unknot demo, 1 Example Street, Example Town",
} as const;

/** The local overrides, one environment variable per setting (the README's configuration table). */
const ENV_NAMES = {
  sender: "UNKNOT_SENDER",
  fromAddress: "UNKNOT_FROM_ADDRESS",
  senderName: "UNKNOT_SENDER_NAME",
  postalAddress: "UNKNOT_POSTAL_ADDRESS",
  publicUrl: "UNKNOT_PUBLIC_URL",
  sendHour: "UNKNOT_SEND_HOUR",
  maxSendRate: "UNKNOT_MAX_SEND_RATE",
  quotaShare: "UNKNOT_QUOTA_SHARE",
  maxSendWorkers: "UNKNOT_MAX_SEND_WORKERS",
  signupsPerIpHour: "UNKNOT_SIGNUPS_PER_IP_HOUR",
  confirmationsPerHour: "UNKNOT_CONFIRMATIONS_PER_HOUR",
  retentionMonths: "UNKNOT_RETENTION_MONTHS",
} as const satisfies Partial<Record<keyof OperatorConfig, string>>;

const NUMERIC = new Set<string>(["sendHour", "maxSendRate", "quotaShare", "maxSendWorkers", "signupsPerIpHour", "confirmationsPerHour", "retentionMonths"]);

/** Settings that can't be used: where they came from, and one line per problem, named. */
export class ConfigError extends Error {
  constructor(where: string, problems: string[]) {
    super(`${where}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** zod/mini ships no messages: say what was expected, in the words of the settings file. */
function explain(issue: z.core.$ZodIssue, value: unknown): string {
  const words: Record<string, string> = { int: "a whole number", number: "a number", string: "text in quotes" };
  const unquote = typeof value === "string" && issue.code === "invalid_type" && issue.expected !== "string" ? " (write it without quotes)" : "";
  if (issue.code === "invalid_type") return `expected ${words[issue.expected] ?? issue.expected}${unquote}`;
  if (issue.code === "too_small") return `must be ${issue.inclusive ? "at least" : "more than"} ${issue.minimum}`;
  if (issue.code === "too_big") return `must be ${issue.inclusive ? "at most" : "less than"} ${issue.maximum}`;
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue.message;
}

function parse(input: Record<string, unknown>, where: string, nameOf: (key: string) => string): OperatorConfig {
  const result = z.safeParse(operatorConfigSchema, input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    // a setting inside another (brand.accentColor) is named by its path
    const [key = "", ...inner] = issue.path.map(String);
    const named = [nameOf(key), ...inner].filter(Boolean).join(".");
    if (issue.code === "unrecognized_keys") {
      return `${issue.keys.map((k) => (named ? `${named}.${k}` : nameOf(k))).join(", ")}: not a setting unknot knows (a typo?)`;
    }
    const value = inner.reduce<unknown>((at, k) => (at && typeof at === "object" ? (at as Record<string, unknown>)[k] : undefined), input[key]);
    return `${named}: ${value === undefined && issue.code === "invalid_type" ? "missing" : explain(issue, value)}`;
  });
  throw new ConfigError(where, problems);
}

/**
 * The local stack's settings: the demo values, under the `local` entry of the settings file when
 * there is one (`local`, read by stage-config.ts's `loadLocalConfig`), overridden by `UNKNOT_*`
 * variables. A problem is named as the file names it when the file set it, else by its variable.
 */
export function configFromEnv(env: NodeJS.ProcessEnv, local: { entry: Record<string, unknown>; where: string } = { entry: {}, where: "" }): OperatorConfig {
  const overrides = Object.entries(ENV_NAMES).flatMap(([key, name]) => {
    const value = env[name];
    if (value === undefined || value === "") return [];
    return [[key, NUMERIC.has(key) ? Number(value) : value]];
  });
  const fromEnv = new Set(overrides.map(([key]) => key as string));
  const envName = new Map<string, string>(Object.entries(ENV_NAMES));
  // a setting the file's entry gives is named as the file names it; any other by the variable that sets it
  const nameOf = (key: string) => (key in local.entry && !fromEnv.has(key) ? key : (envName.get(key) ?? key));
  const where = local.where ? `The local settings (${local.where}, and UNKNOT_* variables) are not valid` : "The local settings are not valid";
  return parse({ ...DEMO, ...local.entry, ...Object.fromEntries(overrides) }, where, nameOf);
}

/**
 * The top-level names reserved for examples and tests (RFC 2606 section 2: .example, .test,
 * .invalid, .localhost), which the demo values and the placeholders in unknot.config.json use:
 * nobody's real mail domain. (example.com and its kin are refused later, by SES itself: it never
 * verifies them, and npm run doctor says so.)
 */
const isDemoDomain = (value?: string) => !!value && /(^|[@.])(example|test|invalid|localhost)$/i.test(value);

/**
 * The settings of one deployed stage. No stage deploys a demo domain where mail depends on it (SES
 * never verifies one, so nothing would ever be sent, and alarms would go nowhere); production
 * also refuses the demo postal address and needs an alarm address.
 */
export function stageConfig(input: Record<string, unknown>, stage: string, where: string): OperatorConfig {
  const config = parse(input, where, (key) => key);
  const demoDomains = (["sender", "fromAddress", "alarmEmail", "mailFromDomain"] as const)
    .filter((key) => isDemoDomain(config[key]))
    .map((key) =>
      stage === "production"
        ? `${key}: "${config[key]}" is a demo value; production needs your own`
        : `${key}: "${config[key]}" is a demo value; SES never verifies a reserved example domain, so stage "${stage}" could send nothing: use your own`,
    );
  if (stage !== "production") {
    if (demoDomains.length) throw new ConfigError(where, demoDomains);
    return config;
  }
  const problems = [
    ...demoDomains,
    ...(config.postalAddress === DEMO.postalAddress
      ? ["postalAddress: the demo address; production needs your real postal address (it is in every footer)"]
      : []),
    ...(config.alarmEmail ? [] : ["alarmEmail: missing; production needs an address for the alarms"]),
    ...(!config.brand?.privacyUrl
      ? ["brand.privacyUrl: missing; production needs the address of your privacy notice (it is linked beside the consent box and in every footer)"]
      : isDemoDomain(new URL(config.brand.privacyUrl).hostname)
        ? [`brand.privacyUrl: "${config.brand.privacyUrl}" is a demo value; production needs your own privacy notice`]
        : []),
  ];
  if (problems.length) throw new ConfigError(where, problems);
  return config;
}

/** The part of the configuration the functions read at run time (the linked `Settings`). */
export function runtimeSettings(config: OperatorConfig): Settings {
  return {
    senderName: config.senderName,
    fromAddress: config.fromAddress,
    postalAddress: config.postalAddress,
    sendHour: config.sendHour,
    maxSendRate: config.maxSendRate,
    quotaShare: config.quotaShare,
    signupsPerIpHour: config.signupsPerIpHour,
    ...(config.confirmationsPerHour !== undefined && { confirmationsPerHour: config.confirmationsPerHour }),
    retentionMonths: config.retentionMonths,
    brand: runtimeBrand(config.brand, config.senderName),
  };
}
