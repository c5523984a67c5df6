import { createHash } from "node:crypto";
import { referenceProfileFrom } from "../../../telemetry";
import type { EdgeHandle } from "./startEdge";

/** What {@link publishTestModel} publishes besides the version name. */
export type TestModelOptions = {
  /** Bytes of the one weight shard (default 64). */
  shardBytes?: number;
  /** The manifest's reference profile (default: an empty one). */
  referenceProfile?: unknown;
  /** Make it the live version afterwards. */
  live?: boolean;
};

/**
 * Publishes a one-shard model version whose manifest passes the strict artifact schema that the
 * registry and the browser share (model/artifact `parseManifest`). The registry only aggregates
 * telemetry of published versions, so tests and benchmarks that post reports publish first.
 * @example await publishTestModel(edge, "shop-v2", { referenceProfile, live: true });
 */
export async function publishTestModel(
  edge: Pick<EdgeHandle, "url" | "token">,
  version: string,
  options: TestModelOptions = {},
): Promise<void> {
  const data = new Uint8Array(options.shardBytes ?? 64).map((_, i) => (i * 131 + version.length) & 0xff);
  const sha256 = createHash("sha256").update(data).digest("hex");
  const path = "group1-shard1of1.bin";
  const quantization = { dtype: "uint8", min: -1, scale: 2 / 255 };
  const manifest = {
    name: "pocketrank-test",
    version,
    createdAt: new Date().toISOString(),
    precision: "int8",
    architecture: {},
    featureSchemaVersion: 2,
    weightsManifest: [
      { paths: [path], weights: [{ name: "w", shape: [data.length], dtype: "float32", quantization }] },
    ],
    files: [{ path, sha256, bytes: data.length }],
    weights: { sha256, bytes: data.length },
    metrics: {},
    referenceProfile: options.referenceProfile ?? referenceProfileFrom({ scores: [] }),
  };
  const form = new FormData();
  form.append(
    "manifest",
    new Blob([JSON.stringify(manifest)], { type: "application/json" }),
    "manifest.json",
  );
  form.append(path, new Blob([data]), path);
  const auth = { authorization: `Bearer ${edge.token}` };
  const res = await fetch(`${edge.url}/v1/admin/models/${version}`, {
    method: "PUT",
    body: form,
    headers: auth,
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`publish ${version}: ${res.status} ${await res.text()}`);
  if (!options.live) return;
  const rollout = await fetch(`${edge.url}/v1/admin/rollout`, {
    method: "PUT",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ live: version }),
  });
  if (!rollout.ok) throw new Error(`rollout ${version}: ${rollout.status} ${await rollout.text()}`);
}
