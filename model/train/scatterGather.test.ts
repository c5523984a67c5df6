import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { scatterGather } from "./scatterGather";

describe("scatterGather", () => {
  it("has tf.gather's values and gradient, repeated ids included", () => {
    const table = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const ids = tf.tensor1d([2, 0, 2], "int32");
    const w = tf.tensor2d([
      [1, -1],
      [2, 0.5],
      [3, 1],
    ]);
    const loss = (gather: (t: tf.Tensor, i: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) =>
      tf.sum(tf.mul(gather(t, ids), w));
    const ours = tf.grad(loss(scatterGather))(table);
    const reference = tf.grad(loss((t, i) => tf.gather(t, i)))(table);
    expect(Array.from(scatterGather(table, ids).dataSync())).toEqual([5, 6, 1, 2, 5, 6]);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(reference.dataSync()));
    // Row 2 is picked twice: (1,-1) + (3,1) = (4, 0); row 0 gets (2, 0.5); row 1 nothing.
    expect(Array.from(ours.dataSync())).toEqual([2, 0.5, 0, 0, 4, 0]);
  });
});
