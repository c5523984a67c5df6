import type { Candidate } from "../../edge/candidates/index.ts";
import type { BackendName } from "../types";
import type { Capabilities } from "./chooseBackend";

/** Main thread → worker. Every request carries an id; the worker answers with the same id. */
export type WorkerRequest =
  | {
      type: "load";
      id: number;
      /** Backend preference ("auto" = capability + benchmark). */
      backend: BackendName | "auto";
      version: string;
      /** Raw manifest.json bytes and weight files by path (transferred, not copied). */
      manifest: ArrayBuffer;
      files: Record<string, ArrayBuffer>;
      /** WebGPU as the page sees it; a page without WebGPU (or with a null adapter) gets none here either. */
      pageWebGpu?: Capabilities["webgpu"];
    }
  | {
      type: "score";
      id: number;
      /** Item ids the shopper interacted with, oldest first (never leaves the device). */
      history: number[];
      historyCategories: string[][];
      candidates: Candidate[];
    }
  | {
      /** Test hook: makes the current backend fail as if the GPU device were lost. */
      type: "simulate-loss";
      id: number;
    };

/** A backend change the worker made on its own (device lost, backend error). */
export type BackendChange = { backend: BackendName | "none"; reason: string; history: BackendTrial[] };

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
    }
  | {
      type: "scores";
      id: number;
      /** Probabilities in [0,1], aligned with the request's candidates (transferred). */
      scores: Float32Array;
      backend: BackendName;
      version: string;
      /** Worker-side time of encode + forward + read-back, in ms. */
      ms: number;
    }
  /** Acknowledges a request that returns nothing (simulate-loss). */
  | { type: "done"; id: number }
  | { type: "error"; id: number; message: string; kind: "model-load" | "backend-error" | "no-model" }
  /** Unsolicited: the worker moved to another backend (id 0). */
  | { type: "backend-changed"; id: 0; change: BackendChange };
