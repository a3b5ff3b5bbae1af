import { describe, expect, it } from "vitest";
import pkg from "../package.json";
import { runtime } from "../infra/aws/runtime";

/**
 * The tests run on the Node the Lambdas run: `npm test` puts the `node` devDependency's binary
 * first on PATH, whatever Node the machine has (CI's log prints which).
 */
describe("the Node the tests run on", () => {
  it("is the major version the Lambdas deploy (package.json engines → nodejs<major>.x)", () => {
    const major = process.versions.node.split(".")[0];
    expect(runtime).toBe(`nodejs${major}.x`);
    expect(pkg.engines.node).toBe(`>=${major}`);
    expect(pkg.devDependencies.node.split(".")[0]).toBe(major);
  });
});
