// The layers' arrows run one way: core <- inference <- workers <- state <- features, render <- ui
// <- the app's entry. This reads every import in src/ (and scripts/, bench/) and checks it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** What each folder of src/ may import, besides itself. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  inference: ['core'],
  workers: ['core', 'inference'],
  state: ['core', 'inference', 'workers'],
  render: ['core', 'state'],
  features: ['core', 'inference', 'workers', 'state'],
  ui: ['core', 'state', 'render', 'features'],
  cli: ['core', 'inference'],
  // the entry files (main.tsx, App.tsx) compose everything
  '.': ['core', 'inference', 'workers', 'state', 'render', 'features', 'ui'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : files(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+\.tsx?)['"]/g)].map((m) =>
    resolve(dirname(path), m[1] ?? m[2] ?? m[3]),
  );
}

const layerOf = (path: string) => {
  const rel = relative(SRC, path).split('/');
  return rel.length === 1 ? '.' : rel[0];
};

describe('architecture', () => {
  it('has every src/ import run down the layers, never back up', () => {
    const wrong: string[] = [];
    for (const file of files(SRC)) {
      const from = layerOf(file);
      for (const target of imports(file)) {
        if (!target.startsWith(SRC)) {
          wrong.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)} outside src/`);
          continue;
        }
        const to = layerOf(target);
        if (to !== from && !ALLOWED[from]?.includes(to)) wrong.push(`${relative(ROOT, file)} (${from}) imports ${relative(ROOT, target)} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps core free of the DOM, React, three and onnxruntime', () => {
    const found = files(join(SRC, 'core')).filter((f) => /from ['"](react|three|onnxruntime-web|@react-three\/[^'"]+)['"]|\bdocument\.|\bwindow\./.test(readFileSync(f, 'utf8')));
    expect(found.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('has nothing in src/, scripts/ or bench/ import the tests', () => {
    const found = [SRC, join(ROOT, 'scripts'), join(ROOT, 'bench')]
      .flatMap(files)
      .filter((f) => imports(f).some((t) => t.startsWith(join(ROOT, 'tests'))));
    expect(found.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
