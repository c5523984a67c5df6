/**
 * tfjs-core for the SDK's build (vite.config.ts aliases `@tensorflow/tfjs-core` here): the package's
 * entry without its optimizers' registration, as tfjs' custom bundles replace it. Scoring never trains,
 * and registering them kept the optimizers' code in every worker start.
 */
import "@tensorflow/tfjs-core/dist/base_side_effects";

export * from "@tensorflow/tfjs-core/dist/base";
