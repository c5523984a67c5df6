import * as tf from "@tensorflow/tfjs-core";

type Backend = {
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): tf.TensorInfo;
  disposeData(dataId: object): void;
};

let patched = false;

/**
 * Works around a tfjs-backend-webgpu 4.22 bug: `Cast` from bool/int32 to float32 only relabels the
 * tensor and keeps its i32 GPU buffer (kernels/Cast.js, `hasEncodingLoss` → identity), and the
 * Transpose shader then assigns that i32 buffer to an f32 output, which WGSL rejects ("type mismatch
 * for argument 2 in call to 'setOutputAtIndex'"). The ranker's category mask
 * (`sum(cast(greater(cats, 0)), 2)`, reduced over a non-last axis, hence transposed) hits it on WebGPU.
 * Here those casts become a real conversion (multiply by 1.0, whose shader converts types); every
 * other cast keeps tfjs's own kernel. Call after the webgpu backend module is imported.
 * @example fixWebGpuCast(); await tf.setBackend("webgpu");
 */
export function fixWebGpuCast(): void {
  const original = tf.getKernel("Cast", "webgpu");
  const multiply = tf.getKernel("Multiply", "webgpu");
  if (patched || !original || !multiply) return;
  patched = true;
  tf.unregisterKernel("Cast", "webgpu");
  tf.registerKernel({
    kernelName: "Cast",
    backendName: "webgpu",
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const { dtype } = args.attrs as unknown as { dtype: string };
      if (dtype !== "float32" || (x.dtype !== "bool" && x.dtype !== "int32"))
        return original.kernelFunc(args);
      const backend = args.backend as unknown as Backend;
      const one = backend.makeTensorInfo([], "float32", new Float32Array([1]));
      try {
        return multiply.kernelFunc({ inputs: { a: x, b: one }, backend: args.backend, attrs: {} });
      } finally {
        backend.disposeData(one.dataId);
      }
    },
  });
}
