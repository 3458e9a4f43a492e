// How long `pointlens info` takes on a small mesh, start to exit: the bundled start of
// bin/pointlens.mjs against the same src/cli/main.ts loaded module by module through tsx's loader
// (how the CLI started before), in the same run. Medians of 5 runs each, after one of each to warm
// the caches both keep.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILE = 'tests/fixtures/e2e/bathtub_0001.off';
const RUNS = 5;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed(args: string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - start;
}

export async function run(): Promise<Record<string, unknown>> {
  const ours = ['bin/pointlens.mjs', 'info', FILE];
  const peer = ['--import', 'tsx', 'src/cli/main.ts', 'info', FILE];
  timed(ours);
  timed(peer);
  const oursMs = median(Array.from({ length: RUNS }, () => timed(ours)));
  const peerMs = median(Array.from({ length: RUNS }, () => timed(peer)));
  console.log(`pointlens info, start to exit: bundled ${oursMs.toFixed(0)} ms, through tsx's loader ${peerMs.toFixed(0)} ms`);
  return { cli_start_ms: Math.round(oursMs), cli_start_tsx_ms: Math.round(peerMs), cli_start_vs_tsx: Number((oursMs / peerMs).toFixed(3)) };
}
