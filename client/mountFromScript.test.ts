import { describe, expect, it } from "vitest";
import { parseScriptDataset } from "./mountFromScript";

describe("parseScriptDataset: the script tag's data- attributes", () => {
  it("passes data-shared-worker on as the sharedWorker option, and no option without it", () => {
    const tag = { endpoint: "https://edge.example.com", slot: "#recs" };
    const withFile = parseScriptDataset({ ...tag, sharedWorker: "/pocketrank-worker.js" });
    expect(withFile?.options).toEqual({
      endpoint: "https://edge.example.com",
      sharedWorker: "/pocketrank-worker.js",
    });
    expect(parseScriptDataset(tag)?.options).toEqual({ endpoint: "https://edge.example.com" });
  });
});
