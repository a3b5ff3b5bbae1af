/** How often the sender runs, deployed (CronV2) and locally (croner): every 15 minutes. */
export const SENDER_EVERY_MINUTES = 15;
