/**
 * Operator settings, read from environment variables at deploy time (`sst deploy`) and by
 * the local stack at start. The deployed functions receive them through the linked
 * `Settings` resource; the runtime validates them in `functions/core/settings.ts`.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv) {
  return {
    senderName: env.UNKNOT_SENDER_NAME ?? "unknot",
    fromAddress: env.UNKNOT_FROM_ADDRESS ?? "",
    postalAddress: env.UNKNOT_POSTAL_ADDRESS ?? "unknot demo, 1 Example Street, Example Town",
    sendHour: Number(env.UNKNOT_SEND_HOUR ?? 8),
    maxSendRate: Number(env.UNKNOT_MAX_SEND_RATE ?? 14),
    quotaShare: Number(env.UNKNOT_QUOTA_SHARE ?? 0.8),
  };
}

export type SettingsInput = ReturnType<typeof settingsFromEnv>;
