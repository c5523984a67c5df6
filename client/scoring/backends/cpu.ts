/** The cpu backend chunk (plain JS kernels; the last resort). */
import "@tensorflow/tfjs-backend-cpu";
