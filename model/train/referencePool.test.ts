import "@tensorflow/tfjs-backend-cpu";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { referencePool } from "./referencePool";

const demo = resolve(import.meta.dirname, "../artifacts/demo");

describe("referencePool", () => {
  // `npm run simulate` refuses to run when this fails: the generator changed under the committed demo.
  it("reproduces the committed demo artifact's reference profile (PSI ≤ 0.01 per histogram)", async () => {
    const { pool, psiVsArtifact } = await referencePool(demo);
    expect(pool).toHaveLength(500);
    for (const [histogram, value] of Object.entries(psiVsArtifact))
      expect(value, histogram).toBeLessThanOrEqual(0.01);
  }, 180_000);
});
