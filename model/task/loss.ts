import * as tf from "@tensorflow/tfjs-core";

/**
 * Listwise (sampled) softmax cross-entropy: each row holds one query's candidate logits, exactly
 * one of which is the positive; padded candidates (mask 0) take no part. This is the "sampled
 * softmax over hard negatives" loss of YouTube DNN (Covington et al. 2016) with the generator's
 * candidates as the negatives.
 *
 * loss_g = -log( exp(z_pos) / Σ_{n: mask=1} exp(z_n) ), averaged over rows.
 * @example
 * listwiseSoftmaxLoss(tf.tensor2d([[2, 0]]), tf.tensor2d([[1, 0]]), tf.tensor2d([[1, 1]]))
 * // ≈ log(1 + e^-2) = 0.1269
 */
export function listwiseSoftmaxLoss(logits: tf.Tensor2D, labels: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    // A large finite negative instead of -Infinity keeps gradients finite for padded slots.
    const masked = tf.add(logits, tf.mul(tf.sub(1, mask), -1e9));
    const logProbs = tf.logSoftmax(masked, -1);
    const perRow = tf.neg(tf.sum(tf.mul(logProbs, labels), -1));
    return tf.mean(perRow) as tf.Scalar;
  });
}

/**
 * Mean binary cross-entropy on logits over unmasked candidates; keeps the sigmoid output
 * calibrated-ish as a click probability while the softmax term orders the list.
 * @example
 * binaryLogLoss(tf.tensor2d([[0]]), tf.tensor2d([[1]]), tf.tensor2d([[1]])) // log 2 ≈ 0.6931
 */
export function binaryLogLoss(logits: tf.Tensor2D, labels: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    // Numerically stable form: max(z,0) - z*y + log(1 + exp(-|z|)).
    const z = logits;
    const perItem = tf.add(tf.sub(tf.relu(z), tf.mul(z, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    return tf.div(tf.sum(tf.mul(perItem, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}
