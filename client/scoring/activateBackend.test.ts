import * as tf from "@tensorflow/tfjs-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { activateBackend } from "./activateBackend";

describe("activateBackend", () => {
  afterEach(() => vi.restoreAllMocks());

  it("serves a second call while the first is in flight from that one (tfjs initialises once)", async () => {
    const setBackend = vi.spyOn(tf.engine(), "setBackend");
    await Promise.all([activateBackend("cpu"), activateBackend("cpu")]);
    expect(setBackend).toHaveBeenCalledTimes(1);
    expect(tf.getBackend()).toBe("cpu");
  });

  it("activates again once the earlier activation has ended (another backend may be active since)", async () => {
    const setBackend = vi.spyOn(tf.engine(), "setBackend");
    await activateBackend("cpu");
    await activateBackend("cpu");
    expect(setBackend).toHaveBeenCalledTimes(2);
  });
});
