import { receiveSns } from "../adapters/sns";
import { recordEmailEvent } from "../domain/suppression/suppression";
import { getSuppressionContext } from "../runtime/context";

/** Lambda entry for the SES bounce/complaint topic (an SNS subscription). Bad input is answered, not thrown. */
export async function handler(event: unknown) {
  return receiveSns(event, (message) => recordEmailEvent(getSuppressionContext(), message, new Date()));
}
