import type { Recorded } from "./sst-program";

/**
 * Every place one resource of the mocked program points at another, and whether what it names is
 * something the program declares (or reads). The mocks record whatever the program asks for, so a
 * name assembled by hand (`/aws/lambda/${fn.name}` for a log group SST named otherwise) passes
 * every other test and fails the deploy; here it dangles.
 *
 * Two sweeps: every string that is an ARN, wherever it sits (inputs, and policies and other JSON
 * written as strings), must be a declared resource's ARN, a part of one (`<table ARN>/index/*`),
 * a wildcard that covers at least one, or an AWS-managed one below; and every field that names a
 * resource by its name (a log group, a function, a queue, a configuration set…) is listed per
 * resource type in REFERENCES and must name a declared one of that kind. A resource type missing
 * from REFERENCES is itself a failure, so a new kind of resource can't slip past unchecked.
 */

/** What a name-valued field must name. */
type Kind = "function" | "logGroup" | "queue" | "identity" | "configurationSet" | "zone" | "bucket" | "url" | "name";

/** The fields of each resource type that name another resource by its name (ARNs are found without a list). */
export const REFERENCES: Record<string, Array<[path: string, kind: Kind]>> = {
  "aws:lambda/function:Function": [
    ["loggingConfig.logGroup", "logGroup"],
    ["s3Bucket", "bucket"],
  ],
  "aws:lambda/permission:Permission": [["function", "function"]],
  "aws:lambda/functionUrl:FunctionUrl": [["functionName", "function"]],
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": [["functionName", "function"]],
  "aws:lambda/eventSourceMapping:EventSourceMapping": [["functionName", "function"]],
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": [["logGroupName", "logGroup"]],
  "aws:cloudwatch/metricAlarm:MetricAlarm": [
    ["dimensions.FunctionName", "function"],
    ["dimensions.QueueName", "queue"],
  ],
  "aws:sqs/queuePolicy:QueuePolicy": [["queueUrl", "url"]],
  "aws:sesv2/emailIdentity:EmailIdentity": [["configurationSetName", "configurationSet"]],
  "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination": [["configurationSetName", "configurationSet"]],
  "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes": [["emailIdentity", "identity"]],
  "aws:route53/record:Record": [["zoneId", "zone"]],
  "aws:s3/bucketObjectv2:BucketObjectv2": [["bucket", "bucket"]],
  // ARNs only (in their fields, policies and subscriptions), or nothing that points elsewhere
  "aws:iam/role:Role": [],
  "aws:sns/topic:Topic": [],
  "aws:sns/topicPolicy:TopicPolicy": [],
  "aws:sns/topicSubscription:TopicSubscription": [],
  "aws:sqs/queue:Queue": [],
  "aws:dynamodb/table:Table": [],
  "aws:cloudwatch/logGroup:LogGroup": [],
  "aws:sesv2/configurationSet:ConfigurationSet": [],
  "aws:scheduler/schedule:Schedule": [],
  "random:index/randomBytes:RandomBytes": [],
  // SST's Route 53 zone lookups (dns.ts), whose zone ids the records use
  "pulumi-nodejs:dynamic:Resource": [],
};

/**
 * What a program may name without declaring, because AWS or SST's bootstrap made it. Keep it short:
 * every entry is something the deploy can't create and the doctor or SST checks exists.
 */
export const AWS_MANAGED: { arns: string[]; names: Partial<Record<Kind, string[]>> } = {
  arns: [
    // the policy SST attaches to every function's role so it may write its own logs
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
  ],
  names: {
    // SST's asset bucket, made once per account and region by its bootstrap (the mocks' answer)
    bucket: ["sst-assets"],
  },
};

export interface Reference {
  /** the resource that points (`type name`, or `link <function>` for what a function is linked to) */
  from: string;
  /** where in it */
  path: string;
  kind: Kind | "arn";
  value: string;
  /** what it resolves to, or undefined when it dangles */
  to?: string;
}

const get = (value: any, path: string): unknown => path.split(".").reduce((v, key) => (v == null ? undefined : v[key]), value);

/** Every string in a value, with its path; strings that hold JSON (policies) are read too. */
function strings(value: unknown, path: string, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === "string") {
    if (/^\s*[{[]/.test(value)) {
      try {
        return strings(JSON.parse(value), `${path}(json)`, out);
      } catch {
        // not JSON after all: an ordinary string
      }
    }
    out.push([path, value]);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

const glob = (pattern: string) => new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);

/** Walks every resource (and every function's links) of a mocked program; returns each reference and what it resolves to. */
export function references(resources: Recorded[], links: Record<string, Record<string, any>> = {}): { checked: Reference[]; unknownTypes: string[] } {
  const of = (type: string) => resources.filter((r) => r.type === type);
  const label = (r: Recorded) => `${r.type.split(":").pop()} ${r.name}`;
  // ARN → resource; a resource that is handed an ARN (a topic policy's topic) declares nothing by it
  const declared = new Map<string, string>();
  for (const r of resources) {
    if (typeof r.state.arn === "string" && r.inputs.arn === undefined && !r.type.startsWith("sst:") && !r.type.startsWith("pulumi:")) declared.set(r.state.arn, label(r));
  }
  const names: Record<Kind, Map<string, string>> = {
    function: new Map(of("aws:lambda/function:Function").flatMap((r) => [[r.state.name, label(r)], [r.state.arn, label(r)]] as [string, string][])),
    logGroup: new Map(of("aws:cloudwatch/logGroup:LogGroup").map((r) => [r.state.name, label(r)])),
    queue: new Map(of("aws:sqs/queue:Queue").map((r) => [r.state.name, label(r)])),
    identity: new Map(of("aws:sesv2/emailIdentity:EmailIdentity").map((r) => [r.state.emailIdentity, label(r)])),
    configurationSet: new Map(of("aws:sesv2/configurationSet:ConfigurationSet").map((r) => [r.state.configurationSetName, label(r)])),
    zone: new Map(of("pulumi-nodejs:dynamic:Resource").filter((r) => r.state.zoneId).map((r) => [r.state.zoneId, label(r)])),
    bucket: new Map(),
    // a resource's own physical name (a table, a function…), for what a link names
    name: new Map(resources.filter((r) => !r.type.startsWith("sst:") && typeof r.inputs.name === "string").map((r) => [r.state.name, label(r)])),
    url: new Map([
      ...of("aws:lambda/functionUrl:FunctionUrl").map((r) => [r.state.functionUrl, label(r)] as [string, string]),
      ...of("aws:sqs/queue:Queue").map((r) => [r.state.url, label(r)] as [string, string]),
    ]),
  };
  for (const [kind, list] of Object.entries(AWS_MANAGED.names)) for (const name of list) names[kind as Kind].set(name, "AWS-managed");
  for (const arn of AWS_MANAGED.arns) declared.set(arn, "AWS-managed");

  const resolveArn = (value: string) => {
    if (declared.has(value)) return declared.get(value);
    const prefix = value.includes("*") ? value.slice(0, value.indexOf("*")) : value;
    for (const [arn, to] of declared) {
      if (value.includes("*") && glob(value).test(arn)) return `${to} (and any other match)`;
      if (prefix.startsWith(`${arn}/`)) return `part of ${to}`;
    }
    return undefined;
  };

  const checked: Reference[] = [];
  const unknownTypes = new Set<string>();
  for (const r of resources) {
    if (r.type.startsWith("sst:") || r.type.startsWith("pulumi:")) continue; // SST's components and the stack: containers, not AWS resources
    const fields = REFERENCES[r.type];
    if (!fields) {
      unknownTypes.add(r.type);
      continue;
    }
    // the code a dynamic provider carries is no reference
    const inputs = r.type === "pulumi-nodejs:dynamic:Resource" ? { domain: r.inputs.domain } : r.inputs;
    for (const [path, value] of strings(inputs, "")) {
      if (value.startsWith("arn:")) checked.push({ from: label(r), path, kind: "arn", value, to: resolveArn(value) });
    }
    for (const [path, kind] of fields) {
      const value = get(inputs, path);
      if (value === undefined || value === null) continue;
      checked.push({ from: label(r), path, kind, value: String(value), to: names[kind].get(String(value)) });
    }
  }

  // what the functions are linked to: the names and addresses they will call at run time
  const linkKinds: Record<string, Kind> = { url: "url", configSet: "configurationSet", sender: "identity", name: "name" };
  for (const [fn, linked] of Object.entries(links)) {
    for (const [resource, properties] of Object.entries(linked)) {
      for (const [key, value] of Object.entries(properties ?? {})) {
        const kind = linkKinds[key];
        if (!kind || typeof value !== "string") continue;
        checked.push({ from: `link ${fn}`, path: `${resource}.${key}`, kind, value, to: names[kind].get(value) });
      }
    }
  }
  return { checked, unknownTypes: [...unknownTypes] };
}

/** Metrics in a namespace of this app (not AWS/…) exist only if a log filter of the program makes them. */
export function customMetrics(resources: Recorded[]): { alarm: string; metric: string; producedBy?: string }[] {
  const filters = resources.filter((r) => r.type === "aws:cloudwatch/logMetricFilter:LogMetricFilter");
  return resources
    .filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && !String(r.inputs.namespace).startsWith("AWS/"))
    .map((r) => {
      const filter = filters.find((f) => f.inputs.metricTransformation.namespace === r.inputs.namespace && f.inputs.metricTransformation.name === r.inputs.metricName);
      return { alarm: r.name, metric: `${r.inputs.namespace} ${r.inputs.metricName}`, ...(filter && { producedBy: filter.name }) };
    });
}
