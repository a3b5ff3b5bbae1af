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
    signupsPerIpHour: Number(env.UNKNOT_SIGNUPS_PER_IP_HOUR ?? 5),
    ...(env.UNKNOT_CONFIRMATIONS_PER_HOUR && { confirmationsPerHour: Number(env.UNKNOT_CONFIRMATIONS_PER_HOUR) }),
    retentionMonths: Number(env.UNKNOT_RETENTION_MONTHS ?? 12),
  };
}

export type SettingsInput = ReturnType<typeof settingsFromEnv>;
