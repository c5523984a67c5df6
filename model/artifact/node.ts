/**
 * Model artifacts on disk (Node only): export a folder, read and verify one, load it, publish it to the
 * edge registry. Kept apart from `./index` so browser bundles never pull in `node:fs`.
 * @example import { publishModelDir } from "../model/artifact/node";
 */
export type { ExportOptions } from "./exportModel";
export { exportModel, serializeManifest } from "./exportModel";
export type { PublishOptions, PublishResult } from "./publishModelDir";
export { publishModelDir } from "./publishModelDir";
export type { ArtifactDir } from "./readArtifactDir";
export { readArtifactDir } from "./readArtifactDir";
export { readArtifactModel } from "./readArtifactModel";
