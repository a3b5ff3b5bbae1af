import { createServer } from "node:http";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Runs `sst.config.ts` without AWS: SST's own components and runner (from `.sst/platform`, made by
 * `npm run sst:types`) against Pulumi's unit-test mocks, which record every resource and its
 * inputs. SST answers function builds over a local RPC; a tiny server here answers them with a
 * stub bundle (the real bundling is what `npm run bench` measures).
 */
export const platform = resolve(".sst/platform");
export const hasPlatform = existsSync(join(platform, "node_modules/@pulumi/pulumi"));

/** The suite's title, saying why it is skipped when SST's platform isn't there. */
export const infraSuite = (title: string) => (hasPlatform ? title : `${title} (skipped: .sst/platform is missing, run npm run sst:types first)`);

export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>;
  /** what the mocks answered: the resource's outputs, which other resources point at */
  state: Record<string, any>;
  /** read, not managed (`Resource.get`): it exists already and the program only looks at it */
  read: boolean;
  retainOnDelete?: boolean;
}

/** The one resource of `type` named `name` (or whose name matches it); throws, listing the names there are, when there is none. */
export function one(resources: readonly Recorded[], type: string, name: string | RegExp): Recorded {
  const found = resources.find((r) => r.type === type && (typeof name === "string" ? r.name === name : name.test(r.name)));
  if (!found) throw new Error(`no ${type} ${name}; have ${resources.map((r) => r.name).join(", ")}`);
  return found;
}

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Pulumi marks secret values with a signature; the tests read through it. */
export function unsecret(value: any): any {
  if (Array.isArray(value)) return value.map(unsecret);
  if (value && typeof value === "object") {
    if (value["4dabf18193072939515e22adb298388d"] === SECRET_SIG) return unsecret(value.value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsecret(v)]));
  }
  return value;
}

/**
 * The outputs AWS would give a resource, in AWS's own shapes: ARNs as each service writes them,
 * the physical name the program chose, the Function URL, DKIM tokens. So a reference one resource
 * makes to another resolves in the mocks exactly when it would in AWS, and one assembled by hand
 * (a name with a guessed prefix, an ARN in the wrong form) doesn't.
 */
function stateFor(type: string, name: string, inputs: Record<string, any>, id?: string): Record<string, unknown> {
  const physical = inputs.name ?? name;
  const at = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
  const arns: Record<string, () => string> = {
    "aws:lambda/function:Function": () => at("lambda", `function:${physical}`),
    "aws:iam/role:Role": () => `arn:aws:iam::${ACCOUNT}:role/${physical}`,
    "aws:sqs/queue:Queue": () => at("sqs", physical),
    "aws:sns/topic:Topic": () => at("sns", physical),
    "aws:dynamodb/table:Table": () => at("dynamodb", `table/${physical}`),
    "aws:cloudwatch/logGroup:LogGroup": () => at("logs", `log-group:${physical}`),
    "aws:cloudwatch/metricAlarm:MetricAlarm": () => at("cloudwatch", `alarm:${physical}`),
    "aws:scheduler/schedule:Schedule": () => at("scheduler", `schedule/default/${physical}`),
    "aws:sesv2/emailIdentity:EmailIdentity": () => at("ses", `identity/${inputs.emailIdentity ?? id}`),
    "aws:sesv2/configurationSet:ConfigurationSet": () => at("ses", `configuration-set/${inputs.configurationSetName ?? id}`),
    "aws:sns/topicSubscription:TopicSubscription": () => `${inputs.topic}:${name.toLowerCase()}`,
  };
  const arn = arns[type]?.() ?? at(type.split(":")[1]?.split("/")[0] ?? "unknown", physical);
  const extra: Record<string, Record<string, unknown>> = {
    "aws:lambda/functionUrl:FunctionUrl": { functionUrl: `https://${name.toLowerCase()}.lambda-url.${REGION}.on.aws/` },
    "aws:sesv2/emailIdentity:EmailIdentity": {
      emailIdentity: inputs.emailIdentity ?? id,
      dkimSigningAttributes: { tokens: ["dkimone", "dkimtwo", "dkimthree"] },
    },
    "aws:sesv2/configurationSet:ConfigurationSet": { configurationSetName: inputs.configurationSetName ?? id },
    "aws:sqs/queue:Queue": { url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${physical}` },
  };
  // SST's Route 53 lookup answers the zone of the record's domain (its last two labels here)
  const zone = type === "pulumi-nodejs:dynamic:Resource" && name.endsWith("HostedZoneLookup") ? { zoneId: `Z${String(inputs.domain).split(".").slice(-2).join("-").toUpperCase()}` } : {};
  return { arn, name: physical, ...inputs, ...extra[type], ...zone };
}

/**
 * Runs the program for one stage with the given unknot.config.json; returns what it declared.
 * `env` is what npm run deploy would add (the SES plan, infra/aws/ses-plan.ts).
 */
export async function runProgram(stage: string, configFile: string, onResource: (type: string) => void = () => {}, env: Record<string, string> = {}) {
  const pulumi = await import(join(platform, "node_modules/@pulumi/pulumi/index.js"));
  const resources: Recorded[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: ({ type, name, inputs, id }: { type: string; name: string; inputs: Record<string, any>; id?: string }) => {
        onResource(type);
        const state = unsecret(stateFor(type, name, inputs, id));
        resources.push({ type, name, inputs: unsecret(inputs), state, read: !!id });
        return { id: id || `${name}-id`, state };
      },
      call: ({ token, inputs }: { token: string; inputs: Record<string, any> }) => {
        const answers: Record<string, unknown> = {
          "aws:index/getCallerIdentity:getCallerIdentity": { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci`, userId: "ci" },
          "aws:index/getRegion:getRegion": { name: REGION, region: REGION },
          "aws:index/getPartition:getPartition": { partition: "aws", dnsSuffix: "amazonaws.com" },
          "aws:iam/getPolicyDocument:getPolicyDocument": {
            json: JSON.stringify({ Statement: unsecret(inputs.statements ?? []) }),
            statements: inputs.statements,
          },
        };
        return answers[token] ?? {};
      },
    },
    "unknot",
    stage,
    false,
  );

  const work = mkdtempSync(join(tmpdir(), "unknot-infra-"));
  /** what each function is built with: the linked resources SST encrypts into its bundle */
  const links: Record<string, Record<string, any>> = {};
  const rpc = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const { method, params } = JSON.parse(body);
      let result: unknown = {};
      if (method === "Runtime.Build") {
        links[params[0].functionID] = params[0].links;
        const out = join(work, params[0].functionID);
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, "index.mjs"), "export const handler = () => {};\n");
        result = { handler: "index.handler", out, errors: [], sourcemaps: [] };
      }
      if (method === "Provider.Aws.Bootstrap") result = { asset: "sst-assets", assetEcrRegistryId: ACCOUNT, assetEcrUrl: "ecr.example" };
      res.end(JSON.stringify({ result }));
    });
  });
  await new Promise<void>((listening) => rpc.listen(0, "127.0.0.1", listening));

  const configPath = resolve("sst.config.ts");
  process.env.UNKNOT_CONFIG = configFile;
  delete process.env.UNKNOT_SES_PLAN;
  Object.assign(process.env, env);
  process.env.SST_SERVER = `http://127.0.0.1:${(rpc.address() as { port: number }).port}`;
  process.env.SST_SECRET_TokenKey = "k".repeat(32);
  process.env.SST_SECRET_LinkKey = "l".repeat(32);
  // the globals SST's CLI gives sst.config.ts and its components
  Object.assign(globalThis, await import(join(platform, "src/shim/run.js")));
  const { default: config } = await import(configPath);
  const app = config.app({ stage });
  Object.assign(globalThis, {
    $app: { name: app.name, stage, removal: app.removal, protect: app.protect, providers: { aws: {} } },
    $dev: false,
    $cli: { command: "deploy", paths: { root: process.cwd(), work, platform }, state: { version: {} } },
  });
  Object.assign(globalThis, {
    sst: await import(join(platform, "src/components/index.ts")),
    aws: await import(join(platform, "node_modules/@pulumi/aws/index.js")),
  });
  // what SST's resource options end up as (retain on delete), after SST's own transformations
  const { run } = await import(join(platform, "src/auto/run.ts"));
  const retained = new Set<string>();
  // a program that throws is reported once, here, rather than as Pulumi's unhandled rejections
  let refused: unknown;
  const program = () =>
    run(() => {
      // after SST's own transformations, so it sees what they decided
      pulumi.runtime.registerStackTransformation((args: { name: string; opts: { retainOnDelete?: boolean } }) => {
        if (args.opts.retainOnDelete) retained.add(args.name);
        return undefined;
      });
      return config.run().catch((error: unknown) => {
        refused = error;
        return {};
      });
    });

  try {
    const outputs = await pulumi.runtime.runInPulumiStack(program);
    const resolved = await new Promise<Record<string, unknown>>((done) => pulumi.output(outputs).apply(done));
    // SST declares some resources inside applies: wait for every outstanding registration
    await pulumi.runtime.disconnect();
    if (refused) throw refused;
    for (const r of resources) r.retainOnDelete = retained.has(r.name);
    return { app, resources, links, outputs: unsecret(resolved) };
  } finally {
    rpc.close();
  }
}

/** The IAM statements of the role a function runs with. */
export function statementsOf(resources: Recorded[], roleName: string) {
  const role = resources.find((r) => r.type === "aws:iam/role:Role" && r.name === roleName);
  if (!role) throw new Error(`no role ${roleName}`);
  return (role.inputs.inlinePolicies ?? []).flatMap((p: { policy: string }) => JSON.parse(p.policy).Statement) as {
    actions: string[];
    resources: string[];
  }[];
}
