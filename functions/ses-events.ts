import { getStorageContext } from "./core/resources";
import { receiveSns } from "./core/sns";
import { recordEmailEvent } from "./core/suppression";

/** Lambda entry for the SES bounce/complaint topic (an SNS subscription). Bad input is answered, not thrown. */
export async function handler(event: unknown) {
  return receiveSns(event, (message) => recordEmailEvent(getStorageContext(), message, new Date()));
}
