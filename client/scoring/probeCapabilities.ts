import type { AdapterInfo, Capabilities } from "./chooseBackend";

type GpuLike = {
  requestAdapter(): Promise<{ info?: Partial<AdapterInfo>; isFallbackAdapter?: boolean } | null>;
};

/**
 * Probes WebGPU on this thread: `navigator.gpu`, then `requestAdapter()` and the adapter's info.
 * The main thread probes (so a page that hides or breaks WebGPU is honoured) and the worker re-checks.
 * @example const webgpu = await probeWebGpu(); webgpu.adapter?.architecture; // "swiftshader"
 */
export async function probeWebGpu(): Promise<Capabilities["webgpu"]> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu || typeof gpu.requestAdapter !== "function") return { api: false, adapter: null };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { api: true, adapter: null, error: "requestAdapter() resolved null" };
    const info = adapter.info ?? {};
    return {
      api: true,
      adapter: {
        vendor: String(info.vendor ?? ""),
        architecture: String(info.architecture ?? ""),
        description: String(info.description ?? ""),
        isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false),
      },
    };
  } catch (error) {
    return { api: true, adapter: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Probes everything the backend chooser needs, in a worker or a page.
 * @example const caps = await probeCapabilities(); planBackends(caps, "auto");
 */
export async function probeCapabilities(): Promise<Capabilities> {
  return { webgpu: await probeWebGpu(), webgl: probeWebGl2(), wasm: typeof WebAssembly === "object" };
}

function probeWebGl2(): boolean {
  try {
    if (typeof OffscreenCanvas === "undefined") return false;
    const gl = new OffscreenCanvas(1, 1).getContext("webgl2");
    // Release the probe context at once; tfjs creates its own.
    (gl as WebGL2RenderingContext | null)?.getExtension("WEBGL_lose_context")?.loseContext();
    return gl !== null;
  } catch {
    return false;
  }
}
