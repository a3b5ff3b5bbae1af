/// <reference path="./.sst/platform/config.d.ts" />
export default $config({
  app(input) {
    return {
      name: "unknot",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
    };
  },
  async run() {
    // first: the stage's settings, validated before any resource exists (a bad one stops here, named)
    const { config } = await import("./infra/aws/config");
    await import("./infra/aws/permissions");
    const { api } = await import("./infra/aws/api");
    const { dnsRecords, identityPlan } = await import("./infra/aws/mail-identity");
    await import("./infra/aws/weekly-emails");
    await import("./infra/aws/ses-events");
    await import("./infra/aws/alarms");
    const { nextSteps } = await import("./infra/aws/next-steps");
    return { signupUrl: config.publicUrl ?? api.url, ...nextSteps(config, dnsRecords, identityPlan) };
  },
});
