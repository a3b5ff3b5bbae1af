import { describe, expect, it } from "vitest";

/**
 * A function deployed with an incomplete configuration says so on /health instead of "ok" (and
 * then answering every POST with 500): a domain sender with no From address, here. Resources are
 * read once per process, so this file sets them up before loading the app.
 */
const KEY = "a-token-key-nobody-may-see-0123456789";
Object.assign(process.env, {
  SST_RESOURCE_App: JSON.stringify({ name: "unknot", stage: "production" }),
  SST_RESOURCE_Subscribers: JSON.stringify({ name: "unknot-production-subscribers" }),
  SST_RESOURCE_TokenKey: JSON.stringify({ value: KEY }),
  SST_RESOURCE_Email: JSON.stringify({ sender: "example.com", configSet: "unknot-production" }),
  SST_RESOURCE_Settings: JSON.stringify({
    senderName: "Physio Clinic",
    fromAddress: "",
    postalAddress: "Physio Clinic, 4 Mill Lane, Leeds LS1 4AB",
    sendHour: 8,
    maxSendRate: 14,
    quotaShare: 0.8,
    signupsPerIpHour: 5,
    retentionMonths: 12,
  }),
});
const { app } = await import("../functions/handlers/api");

describe("/health", () => {
  it("answers 503 naming what is missing, and nothing secret, when the configuration is incomplete", async () => {
    const response = await app.request("/health");
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ ok: false, problems: ["Settings.fromAddress"] });
    expect(body).not.toContain(KEY);
  });
});
