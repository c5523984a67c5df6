import { describe, expect, it } from "vitest";
import { storeWorkerName } from "./spawnWorker";
import { workerScriptFromName } from "./storeWorker";

const assets = "https://edge.example.com/sdk/assets/";
const script = `${assets}worker-Ab1_c-D2.js`;

describe("workerScriptFromName: the worker script a store's shared worker imports", () => {
  it("reads back the build's worker script that the page put in the name", () => {
    expect(workerScriptFromName(storeWorkerName(script), assets)).toBe(script);
  });

  it("refuses a script of another origin, another folder, or another file of the SDK", () => {
    for (const other of [
      "https://evil.example/sdk/assets/worker-Ab1.js",
      "https://edge.example.com/other/assets/worker-Ab1.js",
      `${assets}../../evil/worker-Ab1.js`,
      `${assets}sub/worker-Ab1.js`,
      `${assets}serveRequests-Ab1.js`,
      `${assets}worker-Ab1.js?x=1`,
      "data:text/javascript,worker-Ab1.js",
    ])
      expect(workerScriptFromName(storeWorkerName(other), assets), other).toBeUndefined();
  });

  it("refuses names that are not a store worker's: a dedicated worker's, none, another prefix", () => {
    for (const name of ["pocketrank-scoring:wasm", "pocketrank-scoring", "", `other ${script}`, script])
      expect(workerScriptFromName(name, assets), name).toBeUndefined();
  });
});
