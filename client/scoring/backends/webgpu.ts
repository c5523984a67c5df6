/** The WebGPU backend chunk, with pocketrank's work-around for its Cast kernel (see fixWebGpuCast). */
import "@tensorflow/tfjs-backend-webgpu";
import { fixWebGpuCast } from "../fixWebGpuCast";

fixWebGpuCast();
