import { copyFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import { configDefaults } from "vitest/config";

/**
 * One config, three static surfaces, selected with BUILD_TARGET (see `npm run build`):
 * - sdk:       the storefront loader + lazy scoring worker  -> dist/public/sdk/
 * - demo:      the demo storefront pages                    -> dist/public/demo/
 * - dashboard: the fleet telemetry dashboard                -> dist/public/dashboard/
 * The Worker serves dist/public as static assets (wrangler.toml [assets]).
 */
const out = (dir: string) => resolve(import.meta.dirname, "dist/public", dir);

/** Every client/demo/*.html is a page of the multi-page demo store (vite builds only index.html otherwise). */
const demoRoot = resolve(import.meta.dirname, "client/demo");
const demoPages = (): Record<string, string> => {
  let files: string[] = [];
  try {
    files = readdirSync(demoRoot).filter((f) => f.endsWith(".html"));
  } catch {
    // no demo folder yet
  }
  return Object.fromEntries(files.map((f) => [f.slice(0, -5), resolve(demoRoot, f)]));
};

/**
 * Copies edge/assets/_headers to dist/public/_headers, where Workers static assets read the headers
 * of /sdk/* (CORS for embedding from any origin) in wrangler dev and in production.
 */
const assetHeaders = (): Plugin => ({
  name: "pocketrank-asset-headers",
  closeBundle: () => copyFileSync(resolve(import.meta.dirname, "edge/assets/_headers"), out("_headers")),
});

/**
 * Code the SDK's scoring path never runs, left out of its build (not of the tests, which resolve tfjs as
 * Node does): tfjs-core's entry without its optimizers' registration, as tfjs' custom bundles replace it
 * (client/scoring/tfjsCore.ts), tfjs-core's string hashing with the `long` package it evaluates
 * (client/scoring/noStringHashing.ts), and tfjs-backend-wasm's threaded runtime
 * (client/scoring/backends/noWasmThreads.ts).
 */
const scoringOnly = (): Plugin => ({
  name: "pocketrank-scoring-only",
  apply: "build",
  config: () => ({
    resolve: {
      alias: [
        {
          find: /^@tensorflow\/tfjs-core$/,
          replacement: resolve(import.meta.dirname, "client/scoring/tfjsCore.ts"),
        },
        // tfjs-core's dist/util.js is the only module of the SDK's graph that imports "./hash_util".
        {
          find: /^\.\/hash_util$/,
          replacement: resolve(import.meta.dirname, "client/scoring/noStringHashing.ts"),
        },
        {
          find: /^.*\/wasm-out\/tfjs-backend-wasm-threaded-simd(\.worker)?\.js$/,
          replacement: resolve(import.meta.dirname, "client/scoring/backends/noWasmThreads.ts"),
        },
      ],
    },
  }),
});

/** The scoring worker's backend chunks (client/scoring/backends/loadBackend.ts): webgpu, webgl, wasm, cpu. */
const BACKENDS = 4;

/**
 * The scoring worker's chunks whose code runs on the way to a wasm start's first list: its entry, the
 * scoring code, tfjs-core, the wasm backend and the two small helpers they import. Chromium (≥ 136)
 * compiles every function of a file whose first line is the comment below at once, and so keeps them all
 * in V8's code cache: a returning visit then compiles none of them on first call (scoring-floor.md, "the
 * worker's code compiled once"). The other backends' chunks run a few of their ~150 kernels, so not these.
 */
const EAGER_CHUNKS = new Set(["worker", "serveRequests", "activateBackend", "rolldown-runtime"]);
const COMPILE_HINT = "//# allFunctionsCalledOnLoad";

const targets: Record<string, UserConfig> = {
  sdk: {
    build: {
      outDir: out("sdk"),
      emptyOutDir: true,
      sourcemap: true,
      // Two entries under stable names: the loader, and the store's shared scoring worker's entry that a
      // store's own one-line file imports (client/scoring/storeWorker.ts; it shares no code with the loader).
      lib: {
        entry: {
          pocketrank: resolve(import.meta.dirname, "client/loader.ts"),
          "scoring-worker": resolve(import.meta.dirname, "client/scoring/storeWorker.ts"),
        },
        formats: ["es"],
        fileName: (_format, entry) => `${entry}.js`,
      },
      // The loader's lazy chunks are named by content hash, so edge/assets/_headers lets browsers keep
      // /sdk/chunks/* for a year: a later visit reads them from the HTTP cache with no revalidation trip.
      // Minified in full: Vite keeps whitespace in an ES library build for bundlers' tree-shaking, but
      // browsers load these files as they are.
      rolldownOptions: { output: { chunkFileNames: "chunks/[name]-[hash].js", minify: true } },
    },
    base: "/sdk/",
    worker: {
      format: "es",
      // Kernels that every backend imports travel with tfjs-core (a chunk the scoring code needs anyway),
      // so a backend's chunk has no chunk of its own to wait for: its imports are already on their way.
      rolldownOptions: {
        output: {
          // After minification (which drops comments), as the chunk's first line, where Chromium reads it.
          postBanner: (chunk) => (EAGER_CHUNKS.has(chunk.name) ? COMPILE_HINT : ""),
          codeSplitting: {
            groups: [{ name: "tfjs", test: /node_modules[\\/]@tensorflow[\\/]/, minShareCount: BACKENDS }],
          },
        },
      },
    },
    plugins: [assetHeaders(), scoringOnly()],
  },
  demo: {
    root: demoRoot,
    base: "/demo/",
    build: { outDir: out("demo"), emptyOutDir: true, rolldownOptions: { input: demoPages() } },
    worker: { format: "es" },
  },
  dashboard: {
    root: resolve(import.meta.dirname, "telemetry/dashboard"),
    base: "/dashboard/",
    build: { outDir: out("dashboard"), emptyOutDir: true },
  },
};

const edgeBindings = {
  // Test-only admin tokens, "label:token" pairs; production reads the ADMIN_TOKENS secret.
  ADMIN_TOKENS: "ops:test-admin-token,ci:test-ci-token",
  // Workerd tests send their contributions without a client address (one source): room for a fleet.
  CONTRIBUTION_LIMIT_PER_DAY: "300",
};

export default defineConfig(() => ({
  ...(targets[process.env.BUILD_TARGET ?? "sdk"] ?? {}),
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          // edge/dev holds Node tooling (npm start, the CLIs' shared edge target), not Worker code.
          include: [
            "{client,model,telemetry}/**/*.test.ts",
            "edge/dev/**/*.test.ts",
            "test/cli/**/*.test.ts",
            "test/bench/**/*.test.ts",
          ],
          testTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ...edgeBindings,
                TEST_MIGRATIONS: await readD1Migrations(resolve(import.meta.dirname, "edge/migrations")),
              },
            },
          })),
        ],
        test: {
          name: "edge",
          include: ["edge/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "edge/dev/**"],
          setupFiles: ["edge/test/apply-migrations.ts"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          fileParallelism: false,
          // One retry: a shared 2-core CI machine drives Chromium, SwiftShader and workerd at once, and a
          // stalled browser start must not sink a run; a real defect fails both attempts.
          retry: 1,
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
}));
