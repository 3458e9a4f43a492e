// `pointlens <command> [flags] <file>...`. Each command is a module of ./commands.
import { parseArgs } from 'node:util';
import type { CliCommand, CliFlag } from './command';
import { command as align } from './commands/align';
import { command as classify } from './commands/classify';
import { command as clean } from './commands/clean';
import { command as compare } from './commands/compare';
import { command as filter } from './commands/filter';
import { command as ground } from './commands/ground';
import { command as info } from './commands/info';
import { command as merge } from './commands/merge';
import { command as planes } from './commands/planes';
import { command as clusters } from './commands/clusters';
import { command as segment } from './commands/segment';
import { command as subsample } from './commands/subsample';
import { command as volume } from './commands/volume';
import { command as raster } from './commands/raster';
import { command as contours } from './commands/contours';
import { readBudgetProblem } from './readBudget';

const commands: Map<string, CliCommand> = new Map([align, classify, clean, clusters, compare, contours, filter, ground, info, merge, planes, raster, segment, subsample, volume].map((c) => [c.name, c]));

function usage(commands: Map<string, CliCommand>): string {
  const lines = ['usage: pointlens <command> [flags] <file>...', '', 'commands:'];
  for (const c of commands.values()) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  return lines.join('\n') + '\n';
}

function commandHelp(c: CliCommand): string {
  const lines = [`usage: pointlens ${c.name} ${c.usage}`, '', c.summary];
  for (const [name, f] of Object.entries(c.flags ?? {})) {
    lines.push(`  --${name}${f.type === 'string' ? ' <value>' : ''}  ${f.description}${f.default !== undefined ? ` (default ${f.default})` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * `--up -z` as `--up=-z`: every flag that takes a value takes the next word, but parseArgs reads a
 * word that starts with a dash as another flag, and refuses the line with a message about itself.
 */
function withDashValues(args: string[], flags: Record<string, CliFlag>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return [...out, ...args.slice(i)];
    const name = /^--([^=]+)$/.exec(args[i])?.[1];
    const next = args[i + 1];
    if (name && flags[name]?.type === 'string' && next !== undefined && /^-[^-]/.test(next)) {
      out.push(`${args[i]}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process[name ? 'stdout' : 'stderr'].write(usage(commands));
    return name ? 0 : 2;
  }
  const command = commands.get(name);
  if (!command) {
    process.stderr.write(`pointlens: unknown command "${name}"\n\n${usage(commands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  const budgetProblem = readBudgetProblem();
  if (budgetProblem) {
    process.stderr.write(`pointlens: ${budgetProblem}\n`);
    return 2;
  }
  const options = Object.fromEntries(
    Object.entries(command.flags ?? {}).map(([k, f]) => [k, { type: f.type, default: f.default }]),
  ) as Parameters<typeof parseArgs>[0] extends infer P ? (P extends { options?: infer O } ? O : never) : never;
  let parsed;
  try {
    parsed = parseArgs({ args: withDashValues(rest, command.flags ?? {}), options, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`pointlens ${name}: ${(e as Error).message}\n\n${commandHelp(command)}`);
    return 2;
  }
  return command.run({ files: parsed.positionals, flags: parsed.values as Record<string, string | boolean | undefined> });
}

process.exitCode = await main(process.argv.slice(2));
