/** The WebGL backend chunk. */
import "@tensorflow/tfjs-backend-webgl";
