// `npm run bench`: every benchmark measures pointlens against a named peer in the same run and
// writes bench/results.json with the ratios as top-level keys.
import { writeFileSync } from 'node:fs';

type BenchModule = { run: () => Promise<Record<string, unknown>> };

const modules: Array<[string, () => Promise<BenchModule>]> = [
  ['parse', () => import('./parse')],
  ['LAZ', () => import('./laz')],
  ['LAZ region', () => import('./lazRegion')],
  ['stl', () => import('./stl')],
  ['headerless bin', () => import('./rawRecords')],
  ['up axis', () => import('./upAxis')],
  ['distance', () => import('./distance')],
  ['stray points', () => import('./stray')],
  ['subsample', () => import('./subsample')],
  ['planes', () => import('./planes')],
  ['clusters', () => import('./clusters')],
  ['classify', () => import('./classify')],
  ['explain', () => import('./explain')],
  ['segment', () => import('./segment')],
  ['overlay', () => import('./overlay')],
  ['big cloud', () => import('./bigCloud')],
  ['CLI start', () => import('./cliStart')],
];

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
for (const [name, load] of modules) {
  console.log(`\n== ${name}`);
  Object.assign(results, await (await load()).run());
}
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
console.log('\nwrote bench/results.json');
