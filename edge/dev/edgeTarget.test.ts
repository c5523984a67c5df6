import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dotenvValue, firstAdminToken, setDevVar } from "./devVars";
import { DEFAULT_ENDPOINT, requireToken, resolveEdgeTarget } from "./edgeTarget";

const devVars =
  "# local\nADMIN_TOKENS=local:from-file,ops:second\nPOCKETRANK_ENDPOINT=http://localhost:8790\n";

describe("resolveEdgeTarget", () => {
  it("reads the endpoint and the first admin token from .dev.vars when no flag or variable names them", () => {
    const target = resolveEdgeTarget({}, {}, devVars);
    expect(target).toEqual({
      endpoint: "http://localhost:8790",
      token: "from-file",
      from: { endpoint: ".dev.vars", token: ".dev.vars" },
    });
  });

  it("prefers the flags, then POCKETRANK_ENDPOINT / POCKETRANK_ADMIN_TOKEN, over .dev.vars", () => {
    const env = { POCKETRANK_ENDPOINT: "http://127.0.0.1:9000", POCKETRANK_ADMIN_TOKEN: "from-env" };
    expect(resolveEdgeTarget({}, env, devVars)).toMatchObject({
      endpoint: "http://127.0.0.1:9000",
      token: "from-env",
    });
    expect(resolveEdgeTarget({ endpoint: "https://edge.example.com/", token: "t" }, env, devVars)).toEqual({
      endpoint: "https://edge.example.com",
      token: "t",
      from: { endpoint: "flag", token: "flag" },
    });
  });

  it("ignores the old ADMIN_TOKEN variable: one name for the token everywhere", () => {
    expect(resolveEdgeTarget({}, { ADMIN_TOKEN: "old" }, undefined).token).toBeUndefined();
  });

  it("falls back to wrangler dev's address and no token, and then requireToken names the three ways", () => {
    const target = resolveEdgeTarget({}, {}, undefined);
    expect(target.endpoint).toBe(DEFAULT_ENDPOINT);
    expect(target.from).toEqual({ endpoint: "default", token: "none" });
    expect(() => requireToken(target)).toThrow(/--token.*POCKETRANK_ADMIN_TOKEN.*\.dev\.vars/);
  });

  it("refuses an endpoint that is not a URL, with a clear message", () => {
    expect(() => resolveEdgeTarget({ endpoint: "localhost:8787" }, {}, undefined)).toThrow(
      /must be an http\(s\) URL such as http:\/\/localhost:8787, got "localhost:8787"/,
    );
  });
});

describe(".dev.vars", () => {
  it("parses quoted, exported and repeated assignments", () => {
    expect(dotenvValue('export A="x y"\nA=z\n', "A")).toBe("x y");
    expect(dotenvValue("B=\nB='w'\n", "B")).toBe("w");
    expect(dotenvValue("AB=1\n", "A")).toBeUndefined();
    expect(firstAdminToken('ADMIN_TOKENS=" bad, ops:tok ,x:y"')).toEqual({ label: "ops", token: "tok" });
  });

  it("setDevVar replaces the variable's lines and keeps every other line", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "pocketrank-devvars-")), ".dev.vars");
    await writeFile(path, "# keep\nADMIN_TOKENS=local:abc\nPOCKETRANK_ENDPOINT=http://localhost:1\n");
    await setDevVar(path, "POCKETRANK_ENDPOINT", "http://localhost:8790");
    expect(await readFile(path, "utf8")).toBe(
      "# keep\nADMIN_TOKENS=local:abc\nPOCKETRANK_ENDPOINT=http://localhost:8790\n",
    );
    const fresh = join(path, "..", "new.vars");
    await setDevVar(fresh, "POCKETRANK_ENDPOINT", "http://localhost:8787");
    expect(await readFile(fresh, "utf8")).toBe("POCKETRANK_ENDPOINT=http://localhost:8787\n");
  });
});
