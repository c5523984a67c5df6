import { CANDIDATE_LIMIT, type Protocol } from "../data/datasets";

/**
 * How each protocol is reported, as its published tables do: leave-one-out (S3-Rec) HR/NDCG@10/20
 * as fractions over 200 candidates; sessions (SR-GNN) HR@20 and MRR@20 ×100 over 100 candidates.
 */
export const PROTOCOL_TABLE: Record<
  Protocol,
  { limit: number; cutoffs: number[]; scale: number; columns: string[]; digits: number }
> = {
  "leave-one-out": {
    limit: CANDIDATE_LIMIT["leave-one-out"],
    cutoffs: [10, 20],
    scale: 1,
    columns: ["HR@10", "NDCG@10", "HR@20", "NDCG@20"],
    digits: 4,
  },
  sessions: {
    limit: CANDIDATE_LIMIT.sessions,
    cutoffs: [20],
    scale: 100,
    columns: ["HR@20", "MRR@20"],
    digits: 2,
  },
};
