/**
 * SES's notification of a permanent bounce or a complaint about `address`, as the JSON text the
 * events Lambda receives (inside SNS's wrapper). `messageId` is the message SES reports on.
 */
export const sesEvent = (kind: "Bounce" | "Complaint", address: string, at: string, messageId = kind === "Bounce" ? "ses-1" : "ses-2") =>
  JSON.stringify(
    kind === "Bounce"
      ? {
          notificationType: "Bounce",
          mail: { messageId, timestamp: at },
          bounce: { bounceType: "Permanent", bounceSubType: "General", bouncedRecipients: [{ emailAddress: address }], timestamp: at },
        }
      : {
          notificationType: "Complaint",
          mail: { messageId, timestamp: at },
          complaint: { complainedRecipients: [{ emailAddress: address }], complaintFeedbackType: "abuse", timestamp: at },
        },
  );
