/**
 * Published rows on exactly these splits, copied from ../shared/data/(dataset)/SOURCE.txt (S3-Rec repo
 * all_rank.PNG for Beauty; SR-GNN AAAI 2019 Table 2 and GCE-GNN SIGIR 2020 for Diginetica).
 */
const PUBLISHED: Record<string, Record<string, Record<string, number>>> = {
  beauty: {
    PopRec: { "HR@10": 0.0152, "NDCG@10": 0.0068, "HR@20": 0.0217, "NDCG@20": 0.0084 },
    GRU4Rec: { "HR@10": 0.0283, "NDCG@10": 0.0137, "HR@20": 0.0479, "NDCG@20": 0.0187 },
    Caser: { "HR@10": 0.0347, "NDCG@10": 0.0176, "HR@20": 0.0556, "NDCG@20": 0.0229 },
    SASRec: { "HR@10": 0.0605, "NDCG@10": 0.0318, "HR@20": 0.0902, "NDCG@20": 0.0394 },
    BERT4Rec: { "HR@10": 0.0347, "NDCG@10": 0.017, "HR@20": 0.0599, "NDCG@20": 0.0233 },
    HGN: { "HR@10": 0.0512, "NDCG@10": 0.0266, "HR@20": 0.0773, "NDCG@20": 0.0332 },
    "S3-Rec": { "HR@10": 0.0647, "NDCG@10": 0.0327, "HR@20": 0.0994, "NDCG@20": 0.0414 },
  },
  diginetica: {
    POP: { "HR@20": 0.89, "MRR@20": 0.2 },
    "S-POP": { "HR@20": 21.06, "MRR@20": 13.68 },
    "Item-KNN": { "HR@20": 35.75, "MRR@20": 11.57 },
    GRU4Rec: { "HR@20": 29.45, "MRR@20": 8.33 },
    NARM: { "HR@20": 49.7, "MRR@20": 16.17 },
    STAMP: { "HR@20": 45.64, "MRR@20": 14.32 },
    "SR-GNN": { "HR@20": 50.73, "MRR@20": 17.59 },
    "GCE-GNN": { "HR@20": 54.22, "MRR@20": 19.04 },
  },
};

/**
 * The published rows for a dataset name, or none: a store's own dataset has no published results,
 * and another dataset's rows would compare unlike splits.
 * @example Object.keys(publishedRows("my-store")) // []
 */
export function publishedRows(name: string): Record<string, Record<string, number>> {
  return Object.hasOwn(PUBLISHED, name) ? PUBLISHED[name] : {};
}
