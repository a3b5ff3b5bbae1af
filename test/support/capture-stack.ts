import { afterAll, beforeAll } from "vitest";
import { startSesCapture } from "./ses-capture";
import { startTestStack, type TestStack } from "./stack";

/**
 * For a test file: the local stack with the capture SES endpoint instead of the emulator, for
 * the raw MIME and for faults the emulator can't produce. Read `.stack` and `.capture` inside tests.
 */
export function useCaptureStack() {
  const rig = {} as { stack: TestStack; capture: Awaited<ReturnType<typeof startSesCapture>> };
  beforeAll(async () => {
    rig.capture = await startSesCapture();
    rig.stack = await startTestStack({ sesEndpoint: rig.capture.url });
  });
  afterAll(async () => {
    await rig.stack.stop();
    await rig.capture.stop();
  });
  return rig;
}
