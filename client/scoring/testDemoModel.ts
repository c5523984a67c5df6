import { resolve } from "node:path";
import { readArtifactDir } from "../../model/artifact/node.ts";
import type { BackendName } from "../types";
import type { WorkerRequest } from "./protocol";
import { ScoringEngine } from "./ScoringEngine";

type LoadWithBytes = Extract<WorkerRequest, { type: "load" }>;

/**
 * Test fixture (Node only): a worker "load" request carrying the committed demo model, the model the e2e
 * harness publishes.
 * @example await engine.load(await demoLoadRequest("cpu"));
 */
export async function demoLoadRequest(
  backend: BackendName | "auto",
  remembered?: BackendName,
): Promise<Extract<WorkerRequest, { type: "load" }> & Required<Pick<LoadWithBytes, "manifest" | "files">>> {
  const { manifestText, files, manifest } = await readArtifactDir(
    resolve(import.meta.dirname, "../../model/artifacts/demo"),
  );
  return {
    type: "load",
    id: 1,
    backend,
    version: manifest.version,
    manifest: new TextEncoder().encode(manifestText).buffer,
    files: Object.fromEntries(files.map((f) => [f.path, f.data.slice().buffer])),
    remembered,
  };
}

/**
 * Test fixture (Node only): the real engine on tfjs's cpu backend with the committed demo model loaded.
 * @example const engine = await cpuEngine(); await engine.score(request);
 */
export async function cpuEngine(): Promise<ScoringEngine> {
  const engine = new ScoringEngine(
    async () => ({ webgpu: { api: false, adapter: null }, webgl: false, wasm: false }),
    () => {},
  );
  await engine.load(await demoLoadRequest("cpu"));
  return engine;
}
