import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** The demo's script tag for the SDK's loader (stripped by the benches' loads "without" it). */
export const SCRIPT_TAG = /<script[^>]*pocketrank\.js[^>]*><\/script>/;

/** The store's own scoring worker file (README, "From any origin") as a store on another origin serves it. */
export const STORE_WORKER_PATH = "/pocketrank-worker.js";

/**
 * The built demo's embed.html (dist/public/demo) as a store on another origin serves it: its assets, the
 * SDK's script and data-endpoint pointing at the edge (`edgeUrl`); `storeWorker`: with the attribute that
 * names the store's own scoring worker file, and that file (README's one line), for startStorefront.
 * @example const shop = await startStorefront(8820, crossOriginEmbed(edge.url, { storeWorker: true }));
 */
export function crossOriginEmbed(
  edgeUrl: string,
  { storeWorker = false }: { storeWorker?: boolean } = {},
): Record<string, string> {
  const built = readFileSync(resolve(import.meta.dirname, "../../dist/public/demo/embed.html"), "utf8");
  if (!SCRIPT_TAG.test(built)) throw new Error("dist/public/demo/embed.html has no pocketrank script tag");
  const page = built.replace(/(href|src)="\/demo\//g, `$1="${edgeUrl}/demo/`).replace(SCRIPT_TAG, (tag) =>
    tag
      .replace('src="/sdk/', `src="${edgeUrl}/sdk/`)
      .replace('data-endpoint=""', `data-endpoint="${edgeUrl}"`)
      .replace("<script ", storeWorker ? `<script data-shared-worker="${STORE_WORKER_PATH}" ` : "<script "),
  );
  const pages: Record<string, string> = { "/embed.html": page };
  if (storeWorker) pages[STORE_WORKER_PATH] = `import "${edgeUrl}/sdk/scoring-worker.js";\n`;
  return pages;
}
