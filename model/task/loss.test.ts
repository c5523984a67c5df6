import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { binaryLogLoss, listwiseSoftmaxLoss } from "./loss";

describe("listwiseSoftmaxLoss", () => {
  it("equals -log softmax of the positive, computed by hand", () => {
    // Row 1: logits [2, 0, 1], positive 0 → -log(e^2 / (e^2 + 1 + e)) = 0.40760596
    // Row 2: logits [0, 0, 99] with the 99 masked out, positive 1 → log 2 = 0.69314718
    const logits = tf.tensor2d([
      [2, 0, 1],
      [0, 0, 99],
    ]);
    const labels = tf.tensor2d([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    const mask = tf.tensor2d([
      [1, 1, 1],
      [1, 1, 0],
    ]);
    const loss = listwiseSoftmaxLoss(logits, labels, mask).dataSync()[0];
    expect(loss).toBeCloseTo((0.40760596 + Math.LN2) / 2, 5);
  });
});

describe("binaryLogLoss", () => {
  it("matches hand-computed log loss over unmasked items", () => {
    // z=0,y=1 → log 2; z=2,y=0 → log(1+e^2) = 2.12692801; third item masked.
    const loss = binaryLogLoss(tf.tensor2d([[0, 2, 50]]), tf.tensor2d([[1, 0, 0]]), tf.tensor2d([[1, 1, 0]]));
    expect(loss.dataSync()[0]).toBeCloseTo((Math.LN2 + 2.12692801) / 2, 5);
  });
  it("stays finite for huge logits", () => {
    const loss = binaryLogLoss(tf.tensor2d([[1000, -1000]]), tf.tensor2d([[0, 1]]), tf.tensor2d([[1, 1]]));
    expect(loss.dataSync()[0]).toBeCloseTo(1000, 3);
  });
});
