import { type LoadedModel, loadModel } from "./loadModel";
import { readArtifactDir } from "./readArtifactDir";

/**
 * An artifact folder on disk, checked (manifest, sizes, sha256) and loaded as ranker params. Node only.
 * @example const { params, config } = await readArtifactModel("model/artifacts/demo");
 */
export async function readArtifactModel(dir: string): Promise<LoadedModel> {
  const { manifest, files } = await readArtifactDir(dir);
  const byPath = new Map(files.map((f) => [f.path, f.data]));
  return loadModel(manifest, async (path) => {
    const data = byPath.get(path);
    if (!data) throw new Error(`artifact file ${path} is missing`);
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  });
}
