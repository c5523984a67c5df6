// Installed in the page by test/bench/fetch-aftermath.ts: one worker, each mode's calls in the given order;
// per call the fetch, the page↔worker echo right after the answer, and another echo after a pause.
globalThis.probeFetchAftermath = async ({ workerSource, url, accept, order, calls, warm, pauseMs }) => {
  const worker = new Worker(URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" })));
  const ask = (message) =>
    new Promise((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.postMessage(message);
    });
  const echo = async () => {
    const started = performance.now();
    await ask({ mode: "echo" });
    return performance.now() - started;
  };
  const results = [];
  for (const mode of order) {
    const rows = [];
    for (let i = 0; i < warm + calls; i++) {
      const started = performance.now();
      const answer = await ask({ mode, url, accept });
      const callMs = performance.now() - started;
      const echoMs = await echo();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const echoAfterPauseMs = await echo();
      if (i >= warm) rows.push({ ...answer, callMs, echoMs, echoAfterPauseMs });
    }
    results.push({ mode, rows });
  }
  worker.terminate();
  return results;
};
