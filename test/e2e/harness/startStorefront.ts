import { createServer, type Server } from "node:http";

export type StorefrontHandle = {
  /** The storefront's origin, e.g. http://localhost:8817 (another origin than the edge's). */
  url: string;
  stop(): Promise<void>;
};

/**
 * A store's own web server on its own port: serves `pages` (path → HTML, or JavaScript where the path ends
 * in .js: a store's own scripts) and nothing else, so every pocketrank file the pages use must come
 * cross-origin from the edge, as on a real store.
 * @example const shop = await startStorefront(8817, { "/tag.html": "<!doctype html>…" });
 */
export async function startStorefront(
  port: number,
  pages: Record<string, string>,
): Promise<StorefrontHandle> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const body = pages[path];
    const type = body !== undefined && path.endsWith(".js") ? "text/javascript" : "text/html";
    res.writeHead(body === undefined ? 404 : 200, { "Content-Type": `${type}; charset=utf-8` });
    res.end(body ?? "not found");
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok());
  });
  return {
    url: `http://localhost:${port}`,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
