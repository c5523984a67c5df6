import { createServer, type Server } from "node:http";

export type StorefrontHandle = {
  /** The storefront's origin, e.g. http://localhost:8817 (another origin than the edge's). */
  url: string;
  stop(): Promise<void>;
};

/**
 * A store's own web server on its own port: serves `pages` (path → HTML) and nothing else, so every
 * pocketrank file the pages use must come cross-origin from the edge, as on a real store.
 * @example const shop = await startStorefront(8817, { "/tag.html": "<!doctype html>…" });
 */
export async function startStorefront(
  port: number,
  pages: Record<string, string>,
): Promise<StorefrontHandle> {
  const server: Server = createServer((req, res) => {
    const html = pages[new URL(req.url ?? "/", "http://x").pathname];
    res.writeHead(html === undefined ? 404 : 200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
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
