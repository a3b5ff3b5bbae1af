import { afterAll, beforeAll } from "vitest";
import type { LocalConfig } from "../../infra/dev/env";
import { startMemoryStack, type MemoryStack, type MemoryStackOptions } from "./memory-stack";
import type { TestStack } from "./stack";

/** A stand-in that reads through to the stack once `beforeAll` has started it. */
function lateBound<T extends object>(started: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, name) {
      const stack = started();
      if (!stack) throw new Error(`the stack is not started yet (read .${String(name)} inside a test or hook)`);
      const value = Reflect.get(stack, name, stack);
      return typeof value === "function" ? value.bind(stack) : value;
    },
  });
}

/**
 * For a test file whose point is the domain or the web: the app over HTTP, in-process, on the
 * memory store and an in-memory mailer, started before the file's tests and stopped after.
 */
export function useMemoryStack(options?: MemoryStackOptions | (() => MemoryStackOptions)): MemoryStack {
  let stack: MemoryStack | undefined;
  beforeAll(async () => {
    stack = await startMemoryStack(typeof options === "function" ? options() : options);
  });
  afterAll(() => stack?.stop());
  return lateBound(() => stack);
}

/** For a test file that proves the real adapters: dynalite, aws-ses-v2-local and the app over HTTP. */
export function useTestStack(config?: Partial<LocalConfig>): TestStack {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    // loaded here, so a memory-stack file never loads dynalite or the SES emulator
    const { startTestStack } = await import("./stack");
    stack = await startTestStack(config);
  });
  afterAll(() => stack?.stop());
  return lateBound(() => stack);
}
