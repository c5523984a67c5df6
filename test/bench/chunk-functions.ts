/**
 * How many functions each of the SDK build's worker chunks (dist/public/sdk/assets/*.js) holds, and
 * whether its first line is Chromium's explicit compile hint: what V8 compiles at once in a hinted chunk,
 * against the functions a start-up compiles lazily in traces (worker-modules.ts, `lazyCompile`).
 * Counts every function-like node (declarations, expressions, arrows, methods, accessors, constructors),
 * parsed with TypeScript's parser, a kept dependency.
 *   npm run build && npx tsx test/bench/chunk-functions.ts > test/bench/results/chunk-functions-NAME.txt
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";

const assets = resolve(import.meta.dirname, "../../dist/public/sdk/assets");
const functionLike = (node: ts.Node) =>
  ts.isFunctionLike(node) && !ts.isFunctionTypeNode(node) && !ts.isConstructorTypeNode(node);

console.log("| chunk | characters | functions | first line is the hint |\n|---|---:|---:|---|");
for (const file of readdirSync(assets).filter((f) => f.endsWith(".js"))) {
  const text = readFileSync(resolve(assets, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  let functions = 0;
  const visit = (node: ts.Node) => {
    if (functionLike(node)) functions++;
    ts.forEachChild(node, visit);
  };
  visit(source);
  const hinted = text.startsWith("//# allFunctionsCalledOnLoad\n");
  console.log(`| ${file} | ${text.length} | ${functions} | ${hinted ? "yes" : "no"} |`);
}
