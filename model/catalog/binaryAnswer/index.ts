// Public API of the binary candidate answer: the one codec the edge encodes with and the worker decodes with.
export { type AnswerColumns, decodeAnswer, decodeColumns, isBinaryAnswer } from "./decodeAnswer";
export { encodeAnswer } from "./encodeAnswer";
export { CANDIDATE_COLUMNS, FORMAT_VERSION } from "./layout";
export { BINARY_CANDIDATES_TYPE } from "./mediaType";
export { MalformedAnswerError } from "./readColumn";
