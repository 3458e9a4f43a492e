#!/usr/bin/env node
// The CLI is the app's TypeScript core run by Node, with no separate build: esbuild bundles it into
// one module at each start (0.15 s), kept under node_modules/.cache by its content. Loaded module
// by module through a TypeScript loader instead, every start took 2 s.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { pruneBundles } from './bundleCache.mjs';

const main = new URL('../src/cli/main.ts', import.meta.url);
const {
  outputFiles: [bundle],
} = await build({
  entryPoints: [fileURLToPath(main)],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'error',
  // The modules of src/cli find the bundled models beside them; in the bundle they all sit where
  // main.ts is, and no module outside src/cli reads its own address.
  define: { 'import.meta.url': JSON.stringify(main.href) },
});

const cache = new URL('../node_modules/.cache/pointlens-cli/', import.meta.url);
const name = `${createHash('sha256').update(bundle.contents).digest('hex').slice(0, 16)}.mjs`;
const file = new URL(name, cache);
if (!existsSync(file)) {
  mkdirSync(cache, { recursive: true });
  // written aside and renamed, so that commands started together each find a whole file
  const part = new URL(`${name}.${process.pid}`, cache);
  writeFileSync(part, bundle.contents);
  renameSync(part, file);
  pruneBundles(cache, name);
}
process.setSourceMapsEnabled(true);
await import(file.href);
