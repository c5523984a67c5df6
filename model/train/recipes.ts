import { CANDIDATE_LIMIT } from "../data/datasets";

/**
 * Recipes per protocol (tuned on Beauty and Diginetica), chosen on validation numbers (model/README.md, test/bench/results/model-science.md).
 * Training is listwise over the whole candidate list the browser scores (slots = limit); it validates
 * every `validateEvery` steps and keeps the best checkpoint, because the item embeddings overfit
 * within a few passes over ~20–60k queries.
 */
export const RECIPES = {
  "leave-one-out": {
    limit: CANDIDATE_LIMIT["leave-one-out"],
    slots: CANDIDATE_LIMIT["leave-one-out"],
    // Three leave-one-out cuts; strict shifts them one item back, off the validation target.
    cuts: { strict: [3, 4, 5], "valid-visible": [2, 3, 4] },
    quickCuts: { strict: [3], "valid-visible": [2] },
    epochs: 2,
    quickEpochs: 2,
    batchSize: 128,
    learningRate: 1e-3,
    validateEvery: 40,
    budgetS: 600,
    quickBudgetS: 15,
  },
  sessions: {
    limit: CANDIDATE_LIMIT.sessions,
    slots: CANDIDATE_LIMIT.sessions,
    cuts: { strict: [], "valid-visible": [] },
    quickCuts: { strict: [], "valid-visible": [] },
    epochs: 2,
    quickEpochs: 1,
    batchSize: 128,
    learningRate: 1e-3,
    validateEvery: 60,
    budgetS: 1200,
    quickBudgetS: 15,
  },
} as const;
