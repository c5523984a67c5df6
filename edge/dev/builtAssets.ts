/// <reference types="node" />
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** What `npm run build` writes (one file per surface) and what it reads (vite.config.ts). */
const BUILT = ["sdk/pocketrank.js", "demo/index.html", "dashboard/index.html"];
const SOURCES = ["client", "model", "telemetry", "edge/assets", "vite.config.ts", "package-lock.json"];
/** Inside the sources, but never in a bundle: the model's artifacts and results, tests, notes. */
const NOT_BUNDLED = /(^|\/)(artifacts|results)(\/|$)|\.test\.ts$|\.md$/;

/** mtime of the newest file under `path` (a file or a folder), 0 where there is none. */
function newest(path: string): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const name of readdirSync(path, { recursive: true, encoding: "utf8" })) {
    if (NOT_BUNDLED.test(name)) continue;
    const file = statSync(join(path, name));
    if (file.isFile() && file.mtimeMs > latest) latest = file.mtimeMs;
  }
  return latest;
}

/**
 * Why dist/public must be built again, or undefined when it is current: a surface is missing, or a
 * source file changed after it was built (a `git pull` or an edit would otherwise be served stale).
 * @example const why = staleBuild(root); if (why) await run("npm", ["run", "build"]);
 */
export function staleBuild(root: string): string | undefined {
  const pub = join(root, "dist/public");
  const built = BUILT.map((f) => ({ f, at: newest(join(pub, f)) }));
  const missing = built.find((b) => b.at === 0);
  if (missing) return `dist/public/${missing.f} is missing`;
  const oldest = Math.min(...built.map((b) => b.at));
  const changed = SOURCES.find((s) => newest(join(root, s)) > oldest);
  return changed === undefined ? undefined : `${changed} changed after the last build`;
}
