// Types of `env` and `exports` from "cloudflare:workers" inside the edge tests.
import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../src/types";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index");
    }
  }
}
