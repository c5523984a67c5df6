import { resolve } from "node:path";
import { readArtifactDir } from "../../model/artifact/index.ts";
import type { BackendName } from "../types";
import type { WorkerRequest } from "./protocol";

/**
 * Test fixture (Node only): a worker "load" request carrying the committed demo model, the model the e2e
 * harness publishes.
 * @example await engine.load(await demoLoadRequest("cpu"));
 */
export async function demoLoadRequest(
  backend: BackendName | "auto",
  remembered?: BackendName,
): Promise<Extract<WorkerRequest, { type: "load" }>> {
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
