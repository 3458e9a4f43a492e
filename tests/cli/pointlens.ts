// Runs the built command line as a person would from a shell, and reads back what it wrote.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFiles } from '../../src/core/io';

export const bin = fileURLToPath(new URL('../../bin/pointlens.mjs', import.meta.url));

/** `pointlens ...args` with `env` added to the environment: its exit code, its stderr and each JSON line it printed. */
export function pointlensWith(env: Record<string, string>, ...args: string[]) {
  // a bound on a hang, not a timing: the slowest commands here take a few seconds
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, ...env } });
  return { code: r.status, stderr: r.stderr, lines: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

export function pointlens(...args: string[]) {
  return pointlensWith({}, ...args);
}

/** A file the command wrote, read as the app reads one. */
export function readBack(path: string) {
  return parseFiles([{ name: basename(path), bytes: new Uint8Array(readFileSync(path)) }]);
}
