// The scoring worker's candidate fetch, reduced to what decides "unchanged" (test/bench/fetch-aftermath.ts).
// Each message names a mode; the worker fetches the URL that way, keeps the ETag, and answers with the
// fetch's ms (to the headers) and what it did with the body. "echo" answers at once.
let etag = null;
addEventListener("message", async (event) => {
  const { mode, url, accept } = event.data;
  if (mode === "echo" || mode === "held") {
    postMessage({ fetchMs: 0, status: 0, body: "none" });
    return;
  }
  const headers = { Accept: accept };
  const init = { credentials: "omit", signal: AbortSignal.timeout(5000), headers };
  if (mode === "if-none-match" && etag) headers["If-None-Match"] = etag;
  if (mode === "no-cache") init.cache = "no-cache";
  const started = performance.now();
  const response = await fetch(url, init);
  const fetchMs = performance.now() - started;
  const tag = response.headers.get("ETag");
  let body = "read";
  if (response.status === 304) body = "none (304)";
  else if (tag !== null && tag === etag) {
    response.body?.cancel().catch(() => {});
    body = "cancelled";
  } else await response.arrayBuffer();
  etag = tag ?? etag;
  postMessage({ fetchMs, status: response.status, body });
});
