import type { PreparedWeights } from "../../model/artifact/preparedWeights.ts";
import type { BackendName, RankedItem } from "../types";
import type { Capabilities } from "./chooseBackend";

/** Main thread → worker. Every request carries an id; the worker answers with the same id. */
export type WorkerRequest =
  | {
      type: "load";
      id: number;
      /** Backend preference ("auto" = capability + benchmark). */
      backend: BackendName | "auto";
      version: string;
      /**
       * Raw manifest.json bytes and weight files by path (transferred, not copied). Absent: the page
       * read none, because a shared worker said it holds `version` ("held"); a worker that holds it on a
       * backend the request accepts answers "loaded" with choice "kept", any other answers an error of
       * kind "not-held" and the page sends the bytes.
       */
      manifest?: ArrayBuffer;
      files?: Record<string, ArrayBuffer>;
      /** WebGPU as the page sees it; a page without WebGPU (or with a null adapter) gets none here either. */
      pageWebGpu?: Capabilities["webgpu"];
      /**
       * With "auto": the backend this device chose on an earlier visit. It is loaded alone, with no probe
       * and no benchmark; if it fails, the worker starts as on a first visit.
       */
      remembered?: BackendName;
      /**
       * The weights an earlier visit decoded from these bytes (transferred), if the page kept them: used
       * instead of decoding when they match the checked weights, ignored otherwise.
       */
      prepared?: PreparedWeights;
    }
  | {
      /**
       * Fetch (or take), decode, score and rank a candidate answer, and return the top k: the main thread
       * never parses the answer. The worker keeps the last good answers per URL for "edge unreachable".
       */
      type: "rank";
      id: number;
      /** Absolute `/v1/candidates` URL (the cache key; the worker fetches it when `answer` is absent). */
      url: string;
      /** What the page fetched itself (a custom `fetch` option). Absent: the worker fetches `url`. */
      answer?: PageAnswer;
      /** Item ids the shopper interacted with, oldest first (never leaves the device). */
      history: number[];
      historyCategories: string[][];
      /** How many ranked items to return. */
      k: number;
      /** Whether to return every candidate's score (for telemetry's score histogram). */
      wantScores: boolean;
      /** Candidate feature columns to return for telemetry's feature histograms (may be empty). */
      featureNames: readonly string[];
    }
  | {
      /** The page was hidden: the idle warm-up stops (see IdleWarmUp). Nothing is answered. */
      type: "hidden";
      id: number;
    }
  | {
      /**
       * The page leaves a shared worker (its client was disposed): the worker stops answering on this
       * port and forgets it. Nothing is answered; the worker keeps serving its other pages.
       */
      type: "leave";
      id: number;
    }
  | {
      /** Test hook: makes the current backend fail as if the GPU device were lost. */
      type: "simulate-loss";
      id: number;
    }
  | {
      /**
       * Benchmarks the device's fast backends on the model (what a first visit leaves for later) and
       * answers the winner; nothing stays loaded. Sent to a worker of its own, so the scoring
       * worker keeps its backend and keeps ranking while the probe runs.
       */
      type: "benchmark";
      id: number;
      version: string;
      manifest: ArrayBuffer;
      files: Record<string, ArrayBuffer>;
      pageWebGpu?: Capabilities["webgpu"];
    }
  | {
      /**
       * Fetches and decodes the candidate answer at `url` (the worker remembers it per URL, see
       * CandidateSource) while the model loads; a rank of the same URL waits for it instead of fetching
       * again. Nothing is answered.
       */
      type: "prefetch";
      id: number;
      url: string;
    }
  | {
      /**
       * The weights the loaded model decoded from its bytes, for the page to keep (asked after the first
       * list; answered "prepared-weights", with none when they came from a record or were handed out).
       */
      type: "prepared-weights";
      id: number;
    }
  | {
      /**
       * Loads and initialises `backend` (its chunk, and for wasm its binary) before the model arrives, so
       * that a load with the same backend finds it ready. Failures are left to that load.
       */
      type: "prepare";
      id: number;
      backend: BackendName;
    };

/**
 * The page's own fetch of a candidate answer: its ETag and its bytes (transferred), or the message of the
 * error the fetch failed with.
 */
export type PageAnswer = { etag: string | null; body: ArrayBuffer } | { error: string };

/** A backend change the worker made on its own (device lost, backend error). */
export type BackendChange = { backend: BackendName | "none"; reason: string; history: BackendTrial[] };

/**
 * How a load chose its backend; "probed" choices are worth remembering on the device. "provisional": a
 * first visit started on wasm without benchmarking; the page runs the benchmark later and remembers its winner.
 */
export type BackendChoice = "forced" | "remembered" | "probed" | "provisional" | "kept";

/** The model a scoring worker has up: its version and the backend it runs on. */
export type HeldModel = { version: string; backend: BackendName };

/** One backend that was tried and abandoned. */
export type BackendTrial = { backend: BackendName; reason: string };

/** Worker → main thread. */
export type WorkerResponse =
  | {
      type: "loaded";
      id: number;
      version: string;
      backend: BackendName;
      reason: string;
      history: BackendTrial[];
      /** Time spent choosing the backend, loading weights and warming up, in ms. */
      loadMs: number;
      /**
       * How the backend was chosen: forced by the option, remembered from a visit, probed now, or kept:
       * a shared worker already held this version on an accepted backend (loaded by an earlier page).
       */
      choice: BackendChoice;
    }
  | {
      type: "ranked";
      id: number;
      /** The top k candidates by model score (ties keep the edge's order), ready to render. */
      items: RankedItem[];
      /** Number of well-formed candidates that were scored. */
      count: number;
      /** Where the candidates came from: the edge, or the worker's cache when the edge did not answer. */
      from: "edge" | "cache";
      /** Set when scoring failed on every backend: `items` are then in the edge's order, backend "none". */
      fault?: string;
      /** Every candidate's probability in [0,1], in the edge's order; empty unless asked (transferred). */
      scores: Float32Array;
      /** `featureNames` columns, candidate-major: count × featureNames.length (transferred). */
      features: Float32Array;
      backend: BackendName | "none";
      version: string | null;
      /** Worker-side time of encode + forward + read-back, in ms. */
      ms: number;
      /**
       * Worker-side time of the request after the answer arrived: decoding it (skipped when its ETag
       * matches the cached answer) + inference + top k, in ms.
       */
      workerMs: number;
      /** The decode alone, part of workerMs: the answer's bytes checked and viewed (0 when its ETag was unchanged), in ms. */
      decodeMs: number;
      /**
       * Time the worker spent fetching the answer: waiting for the edge's headers and reading the body
       * (the page's own fetch, when it gave one, is timed on the page), in ms.
       */
      fetchMs: number;
      /** The worker's idle warm-up so far (see IdleWarmUp): scoring calls run between requests, and their ms. */
      warmUp: { calls: number; ms: number };
    }
  | {
      type: "benchmarked";
      id: number;
      /** The benchmark's winner (the first backend of its fallback order). */
      backend: BackendName;
      /** The benchmark's figures, as in a probed load's reason. */
      reason: string;
    }
  | {
      type: "prepared-weights";
      id: number;
      /** The loaded model's version, and its decoded weights (transferred), or null. */
      version: string | null;
      weights: PreparedWeights | null;
    }
  /** Acknowledges a request that returns nothing (simulate-loss, prepare). */
  | { type: "done"; id: number }
  | { type: "error"; id: number; message: string; kind: ScoringErrorKind }
  /**
   * Unsolicited, first on each port of a shared worker (id 0): the model it holds now, or null. A page
   * whose newest good version is that one loads it without reading its bytes (see "load").
   */
  | { type: "held"; id: 0; held: HeldModel | null }
  /**
   * Unsolicited (id 0): the worker's scoring code failed to load. A dedicated worker reports this as an
   * error event; a shared worker's errors reach no page, so it says so on every port and closes.
   */
  | { type: "crashed"; id: 0; message: string }
  /** Unsolicited: the worker moved to another backend (id 0). */
  | { type: "backend-changed"; id: 0; change: BackendChange };

/**
 * Faults the worker reports; "edge-unreachable": no candidates from the edge nor from the cache;
 * "not-held": a load without bytes of a version the worker does not hold (the page then sends them).
 */
export type ScoringErrorKind = "model-load" | "backend-error" | "no-model" | "edge-unreachable" | "not-held";
