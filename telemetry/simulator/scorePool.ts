import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { encodeBatch, scoreCandidates } from "../../model";
import { loadModel, readArtifactDir } from "../../model/artifact";
import type { Rng } from "../util/rng";

/** One real scoring: the model's probabilities for the candidates the edge returned, and their features. */
export type ScoredSession = { scores: number[]; features: Record<string, number>[]; historyLength: number };

export type ScorePoolOptions = {
  /** The running edge that serves /v1/candidates (seeded with the demo catalog). */
  endpoint: string;
  /** Model artifact folder (default model/artifacts/demo). */
  artifactDir: string;
  /** Real user sequences, `user item1 item2 ...` (default data/amazon-beauty/Beauty.txt). */
  sequencesPath: string;
  /** How many scored sessions to draw. */
  sessions: number;
  rng: Rng;
};

/**
 * Scores real sessions with the REAL model: histories are prefixes of real Beauty users, candidates
 * come from the edge's /v1/candidates (the same generator the model trained on), and the committed
 * artifact runs through model/ `encodeBatch` + `scoreCandidates`. Simulated reports then draw from
 * this pool, so the score and feature histograms the fleet sees are the model's own.
 * @example const pool = await scorePool({ endpoint, artifactDir, sequencesPath, sessions: 200, rng });
 */
export async function scorePool(options: ScorePoolOptions): Promise<ScoredSession[]> {
  const artifact = await readArtifactDir(options.artifactDir);
  const files = new Map(artifact.files.map((f) => [f.path, f.data]));
  const { params, config } = await loadModel(artifact.manifest, async (path) => {
    const data = files.get(path);
    if (!data) throw new Error(`artifact file ${path} is missing`);
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  });
  const lines = (await readFile(options.sequencesPath, "utf8")).split("\n").filter((l) => l.trim());
  const pool: ScoredSession[] = [];
  for (let tries = 0; pool.length < options.sessions && tries < options.sessions * 5; tries++) {
    const items = lines[Math.floor(options.rng() * lines.length)].trim().split(/\s+/).slice(1).map(Number);
    if (items.length < 2) continue;
    const history = items.slice(0, 1 + Math.floor(options.rng() * Math.min(items.length - 1, 20)));
    const url = new URL("/v1/candidates", options.endpoint);
    url.searchParams.set("context", "item");
    url.searchParams.set("item", String(history[history.length - 1]));
    url.searchParams.set("limit", "100");
    const res = await fetch(url);
    if (res.status === 404) continue; // item not in the catalog's candidate index
    if (!res.ok) throw new Error(`GET ${url.pathname}: ${res.status} ${await res.text()}`);
    const { candidates } = (await res.json()) as {
      candidates: { id: number; features: Record<string, number> }[];
    };
    if (candidates.length === 0) continue;
    const scores = scoreCandidates(params, config, encodeBatch({ history, candidates }, config));
    pool.push({
      scores: Array.from(scores),
      features: candidates.map((c) => c.features),
      historyLength: history.length,
    });
  }
  if (pool.length === 0)
    throw new Error("no session could be scored: is the edge seeded with the demo catalog?");
  return pool;
}

/** Default locations of the artifact and the sequences, relative to the repository root. */
export function defaultPaths(root: string): { artifactDir: string; sequencesPath: string } {
  return {
    artifactDir: join(root, "model/artifacts/demo"),
    sequencesPath: join(root, "data/amazon-beauty/Beauty.txt"),
  };
}
