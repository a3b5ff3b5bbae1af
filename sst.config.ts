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
    const { api } = await import("./infra/api");
    await import("./infra/sender");
    await import("./infra/ses-events");
    return { signupUrl: api.url };
  },
});
