// What a subcommand is. Each lives in src/cli/commands/<name>.ts and exports `command`, which
// main.ts lists.
export interface CliFlag {
  /** 'string' flags take a value (`--top 5`), 'boolean' ones do not (`--json`) */
  type: 'string' | 'boolean';
  description: string;
  default?: string | boolean;
}

export interface CliArgs {
  /** the positional arguments, usually file paths */
  files: string[];
  flags: Record<string, string | boolean | undefined>;
}

export interface CliCommand {
  name: string;
  /** one line for `pointlens --help` */
  summary: string;
  /** e.g. "<file>..." */
  usage: string;
  flags?: Record<string, CliFlag>;
  /** returns the process exit code */
  run(args: CliArgs): Promise<number>;
}
