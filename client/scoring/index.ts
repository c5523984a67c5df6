export type { AdapterInfo, BackendPlan, BenchmarkResults, Capabilities } from "./chooseBackend";
export { BACKEND_CHAIN, isSoftwareAdapter, pickBackend, planBackends } from "./chooseBackend";
export { fixWebGpuCast } from "./fixWebGpuCast";
export { probeCapabilities, probeWebGpu } from "./probeCapabilities";
export type { BackendChange, BackendTrial, WorkerRequest, WorkerResponse } from "./protocol";
export { ScoringClient, ScoringError } from "./ScoringClient";
