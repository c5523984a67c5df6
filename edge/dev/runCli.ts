/// <reference types="node" />
import { type ParseArgsConfig, parseArgs } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
/** parseArgs' typed result for a CLI's flags: `values.dataset` is `string | undefined`, and so on. */
export type CliArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/** A mistake in how a CLI was called: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** What every pocketrank CLI declares: its name (for messages), usage text and flags. */
export type CliSpec<O extends Options> = {
  name: string;
  /** First line `usage: npm run …`, then one line per flag. Printed by --help and on usage errors. */
  usage: string;
  options: O;
  /** Accept positional arguments (bench's script names). Default false. */
  positionals?: boolean;
};

/**
 * Runs a CLI the same way everywhere: `--help`/`-h` prints the usage and exits 0; a bad flag or a
 * {@link UsageError} prints the message and the usage and exits 2; any other error prints
 * `<name>: <message>` (no stack trace) and exits 1.
 * @example runCli({ name: "train", usage: USAGE, options: { dataset: { type: "string" } } }, async ({ values }) => { … });
 */
export function runCli<O extends Options>(
  spec: CliSpec<O>,
  main: (args: CliArgs<O>) => Promise<void>,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  return run(spec, main, argv).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || isParseArgsError(error)) {
      console.error(`${spec.name}: ${message}\n${spec.usage}`);
      process.exitCode = 2;
    } else {
      console.error(`${spec.name}: ${message}`);
      process.exitCode = 1;
    }
  });
}

async function run<O extends Options>(
  spec: CliSpec<O>,
  main: Parameters<typeof runCli<O>>[1],
  argv: string[],
): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...spec.options, help: { type: "boolean", short: "h" } },
    allowPositionals: spec.positionals ?? false,
    strict: true,
  });
  if ((values as { help?: boolean }).help) return void console.log(spec.usage);
  await main({ values, positionals } as CliArgs<O>);
}

/** node:util parseArgs' own errors (unknown flag, missing value, stray positional). */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? "";
  return code.startsWith("ERR_PARSE_ARGS_");
}

/**
 * Runs a check of the CLI's input and turns its error into a {@link UsageError}.
 * @example const dataset = usage(() => parseDatasetName(values.dataset));
 */
export function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
