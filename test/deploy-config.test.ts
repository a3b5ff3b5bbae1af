import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configFromEnv, runtimeSettings } from "../infra/aws/operator-config";
import { loadLocalConfig } from "../infra/aws/stage-config";
import { localConfig, localEnvironment } from "../infra/dev/env";
import { awsError, on, startAwsFront, type AwsFront, type AwsRequest } from "./support/aws-front";

const run = promisify(execFile);

const clinic = {
  sender: "example.com",
  fromAddress: "coach@example.com",
  postalAddress: "Physio Clinic, 4 Mill Lane, Leeds LS1 4AB",
  alarmEmail: "ops@example.com",
  brand: { privacyUrl: "https://example.com/privacy" },
};

/**
 * SES as the deploy reads it before changing anything: here nothing exists yet (SES's NotFound),
 * unless a test says otherwise. Everything else gets a 404, as from an endpoint that isn't AWS.
 */
let ses: AwsFront;
const exists = { identity: undefined as undefined | { Key: string; Value: string }[], configurationSet: undefined as undefined | { Key: string; Value: string }[] };
const found = (request: AwsRequest, tags: { Key: string; Value: string }[] | undefined, what: string) =>
  tags ? { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ Tags: tags }) } : awsError(request, "NotFoundException", 404, `${what} does not exist`);
beforeAll(async () => {
  ses = await startAwsFront();
});
beforeEach(() => {
  exists.identity = undefined;
  exists.configurationSet = undefined;
  ses.rules.splice(0, ses.rules.length, { when: on("ses", "GetEmailIdentity"), answer: (r) => found(r, exists.identity, "Email identity") }, {
    when: on("ses", "GetConfigurationSet"),
    answer: (r) => found(r, exists.configurationSet, "Configuration set"),
  });
});
afterAll(() => ses.close());
const tags = (stage: string) => [
  { Key: "sst:app", Value: "unknot" },
  { Key: "sst:stage", Value: stage },
];

/**
 * `npm run deploy` with a settings file, and an `npm` and `sst` on the PATH that only note they were called
 * (and the SES plan they were handed): whatever is wrong must stop the deploy before sst (and so any change in AWS).
 */
async function deploy(stages: Record<string, unknown>, args: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), "unknot-deploy-"));
  const file = join(dir, "unknot.config.json");
  writeFileSync(file, JSON.stringify(stages));
  const called = join(dir, "called");
  // npm too, so the test doesn't rebuild templates/dist under the other tests' feet
  for (const tool of ["npm", "sst"]) {
    const plan = tool === "sst" ? " UNKNOT_SES_PLAN=$UNKNOT_SES_PLAN" : "";
    writeFileSync(join(dir, tool), `#!/bin/sh\necho "${tool} $@ UNKNOT_CONFIG=$UNKNOT_CONFIG${plan}" >> "${called}"\n`);
    chmodSync(join(dir, tool), 0o755);
  }
  // AWS itself is out of reach: SES is the front above
  const aws = { AWS_ENDPOINT_URL: ses.url, AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "none", AWS_SECRET_ACCESS_KEY: "none", AWS_MAX_ATTEMPTS: "1" };
  const env = { ...process.env, ...aws, UNKNOT_CONFIG: file, PATH: `${dir}${delimiter}${process.env.PATH}` };
  // node itself rather than npx, which would put the real sst first on the PATH
  const result = await run(process.execPath, ["--import", "tsx", "infra/ops/deploy.ts", ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  return { ...result, ran: existsSync(called) ? readFileSync(called, "utf8").trim().split("\n") : [], file };
}

describe("npm run deploy", () => {
  it("refuses production with the demo values, naming each one, before sst runs", async () => {
    const result = await deploy({
      production: { sender: "your-clinic.example", fromAddress: "coach@your-clinic.example", postalAddress: "unknot demo, 1 Example Street, Example Town" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/sender: "your-clinic\.example" is a demo value/);
    expect(result.stderr).toMatch(/fromAddress: "coach@your-clinic\.example" is a demo value/);
    expect(result.stderr).toMatch(/postalAddress: the demo address/);
    expect(result.stderr).toMatch(/alarmEmail: missing/);
    expect(result.stderr).toMatch(/brand\.privacyUrl: missing; production needs the address of your privacy notice/);
    expect(result.stderr).toMatch(/Nothing was deployed/);
    expect(result.ran).toEqual([]);
  });

  it("names a missing, a malformed and a misspelt setting", async () => {
    const { postalAddress: _, ...withoutPostal } = clinic;
    const result = await deploy({ production: { ...withoutPostal, sendHour: 25, maxSendWorkers: 1, quotaShre: 0.5 } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/postalAddress: missing/);
    expect(result.stderr).toMatch(/sendHour: /);
    // the queue's event source mapping takes 2 to 1,000
    expect(result.stderr).toMatch(/maxSendWorkers: must be at least 2/);
    expect(result.stderr).toMatch(/quotaShre: not a setting unknot knows/);
    expect(result.ran).toEqual([]);
  });

  it("refuses a domain sender without a From address at that domain", async () => {
    const result = await deploy({ production: { ...clinic, fromAddress: "coach@elsewhere.example.com" } });
    expect(result.stderr).toMatch(/fromAddress: must be an address at the sender domain example\.com/);
    expect(result.ran).toEqual([]);
  });

  it("refuses an accent colour people couldn't read, naming it, the surface it fails on and a shade that passes", async () => {
    const brand = { privacyUrl: "https://clinic.example.com/privacy", accentColor: "#ffcc00" };
    const result = await deploy({ production: { ...clinic, brand } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/brand\.accentColor: #ffcc00 has 1\.\d:1 contrast with the light scheme's [a-z ]+ \(#[0-9a-f]{6}\); text needs at least 4\.5:1 \(WCAG AA\)\. Try #[0-9a-f]{6}/);
    expect(result.ran).toEqual([]);

    // the shade it suggests passes; a dark-scheme colour is checked against the dark scheme
    const shade = /Try (#[0-9a-f]{6})/.exec(result.stderr)![1]!;
    const dark = await deploy({ production: { ...clinic, brand: { ...brand, accentColor: { light: shade, dark: "#0b6e5f" } } } });
    expect(dark.stderr).not.toMatch(/accentColor\.light/);
    expect(dark.stderr).toMatch(/brand\.accentColor\.dark: #0b6e5f has \d\.\d:1 contrast with the dark scheme's/);
    expect(dark.ran).toEqual([]);
  });

  it("says which stage is missing from the file", async () => {
    const result = await deploy({ production: clinic }, ["--stage", "try"]);
    expect(result.stderr).toMatch(/no settings for the stage "try"/);
    expect(result.ran).toEqual([]);
    // the local entry is npm start's, never deployed
    const local = await deploy({ production: clinic, local: { brand: { name: "Clinic" } } }, ["--stage", "local"]);
    expect(local.stderr).toMatch(/The stage "local" is what npm start runs with:\n {2}- it is never deployed/);
    expect(local.ran).toEqual([]);
  });

  it("reads SES first, says what it will make, then builds the templates and deploys the stage it was given, with the file it checked", async () => {
    const result = await deploy({ try: { ...clinic, alarmEmail: undefined } }, ["--stage", "try"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/SES identity: example\.com doesn't exist yet: this stage creates it \(and keeps it on sst remove\)\./);
    expect(result.stdout).toMatch(/SES configuration set: unknot-try doesn't exist yet: this stage creates it\./);
    const plan = JSON.stringify({ identity: "create", configurationSet: "create" });
    expect(result.ran).toEqual([`npm run build --silent UNKNOT_CONFIG=${result.file}`, `sst deploy --stage try UNKNOT_CONFIG=${result.file} UNKNOT_SES_PLAN=${plan}`]);
    // and then the SES sandbox, which the stack can't know (this SES front can't say: it says so)
    expect(result.stdout).toMatch(/– SES sending limits: couldn't check \(.*\): npm run doctor/);
  });

  it("uses an identity another stage made as it is, and takes back its own", async () => {
    exists.identity = tags("production");
    const shared = await deploy({ try: clinic }, ["--stage", "try"]);
    expect(shared.stdout).toMatch(/SES identity: example\.com already exists, made by stage "production": this stage sends as it and leaves it as it is/);
    expect(shared.ran[1]).toContain(`UNKNOT_SES_PLAN=${JSON.stringify({ identity: "use", configurationSet: "create" })}`);

    exists.identity = tags("try");
    exists.configurationSet = tags("try");
    const again = await deploy({ try: clinic }, ["--stage", "try"]);
    expect(again.stdout).toMatch(/example\.com was made by an earlier deploy of this stage: this stage manages it again/);
    expect(again.ran[1]).toContain(`UNKNOT_SES_PLAN=${JSON.stringify({ identity: "adopt", configurationSet: "adopt" })}`);
  });

  it("uses a clinic's own identity without touching it, saying so before anything changes", async () => {
    exists.identity = [{ Key: "team", Value: "front desk" }];
    const result = await deploy({ production: clinic });
    expect(result.stdout).toMatch(/SES identity: example\.com already exists in SES and wasn't made by unknot: this stage sends as it and leaves it as it is: it won't change its DKIM, MAIL FROM or DNS records, or delete it\./);
    expect(result.ran[1]).toContain('"identity":"use"');
  });

  it("refuses a configuration set of its name that it didn't make, before sst runs", async () => {
    exists.configurationSet = [];
    const result = await deploy({ production: clinic });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the SES configuration set unknot-production already exists and wasn't made by this stage \(not by unknot\)\. unknot .* won't take over one it didn't make/);
    expect(result.stderr).toMatch(/Nothing was deployed\./);
    expect(result.ran).toEqual([]);
  });

  it("stops, naming the permission, when SES won't say what exists", async () => {
    ses.rules.unshift({ when: on("ses"), fault: "AccessDenied" });
    const result = await deploy({ production: clinic });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/couldn't read SES to see whether the identity example\.com or the configuration set already exist: the AWS credentials may not call ses:GetEmailIdentity/);
    expect(result.ran).toEqual([]);
  });

  it("refuses the placeholder domain for try as well: SES never verifies it, so nothing would be sent", async () => {
    const shipped = JSON.parse(readFileSync("unknot.config.json", "utf8"));
    const result = await deploy({ try: shipped.try }, ["--stage", "try"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/sender: "your-clinic\.example" is a demo value; SES never verifies a reserved example domain, so stage "try" could send nothing/);
    expect(result.ran).toEqual([]);
  });
});

describe("the local settings", () => {
  it("are the demo values, overridden by UNKNOT_* variables through the same schema", () => {
    expect(configFromEnv({})).toMatchObject({ sender: "coach@unknot.example", sendHour: 8, quotaShare: 0.8 });
    expect(configFromEnv({ UNKNOT_SEND_HOUR: "7", UNKNOT_SENDER_NAME: "Back Coach" })).toMatchObject({ sendHour: 7, senderName: "Back Coach" });
    expect(configFromEnv({}).maxSendWorkers).toBe(4);
    expect(configFromEnv({ UNKNOT_MAX_SEND_WORKERS: "8" }).maxSendWorkers).toBe(8);
    expect(() => configFromEnv({ UNKNOT_MAX_SEND_WORKERS: "1001" })).toThrow(/UNKNOT_MAX_SEND_WORKERS: must be at most 1000/);
  });

  it("come from the file's local stage when it has one, checked by the same schema, named by the file's words", () => {
    const dir = mkdtempSync(join(tmpdir(), "unknot-local-"));
    const file = join(dir, "unknot.config.json");
    writeFileSync(file, JSON.stringify({ local: { senderName: "Northside Physio", brand: { "//": "a comment", name: "Northside Back Care" } } }));
    expect(loadLocalConfig({})).toMatchObject({ senderName: "unknot", brand: { name: "unknot" } }); // the repository's own local stage
    const config = loadLocalConfig({ UNKNOT_CONFIG: file });
    expect(config).toMatchObject({ sender: "coach@unknot.example", senderName: "Northside Physio", brand: { name: "Northside Back Care" } });
    expect(runtimeSettings(config).brand).toEqual({ name: "Northside Back Care" });
    expect(loadLocalConfig({ UNKNOT_CONFIG: file, UNKNOT_SENDER_NAME: "Back Coach" }).senderName).toBe("Back Coach");

    writeFileSync(file, JSON.stringify({ local: { brand: { accentColor: "#ffcc00", logo: "no/such.png" } } }));
    expect(() => loadLocalConfig({ UNKNOT_CONFIG: file })).toThrow(/stage "local".*\n.*brand\.accentColor: #ffcc00 has 1\.\d:1 contrast/);
    expect(() => loadLocalConfig({ UNKNOT_CONFIG: file })).toThrow(/brand\.logo: no file at no\/such\.png/);
  });

  it("stop the local stack on a malformed variable, naming it", () => {
    const config = localConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "unknot-local-")) });
    expect(() => localEnvironment(config, { UNKNOT_SEND_HOUR: "eight" })).toThrow(/UNKNOT_SEND_HOUR/);
    expect(() => localEnvironment(config, { UNKNOT_SENDER: "example.com" })).toThrow(/UNKNOT_FROM_ADDRESS: required when the sender is a domain/);
  });
});
