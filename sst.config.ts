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
    const { config } = await import("./infra/config");
    await import("./infra/permissions");
    const { api } = await import("./infra/api");
    const { dnsRecords } = await import("./infra/mail-identity");
    await import("./infra/weekly-emails");
    await import("./infra/ses-events");
    await import("./infra/alarms");
    const { nextSteps } = await import("./infra/next-steps");
    return { signupUrl: config.publicUrl ?? api.url, ...nextSteps(config, dnsRecords) };
  },
});
