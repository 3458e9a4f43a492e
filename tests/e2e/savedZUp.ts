// A bundled shape written the way a z-up tool would save it, as a colourless .xyz: the format says
// y is up, so the app keeps y and, where the surface doubts it, marks it for a person to check.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFiles } from '../../src/core/io';
import { changeUpAxis } from '../../src/core/ml/preprocessObject';
import type { TestFile } from './browser';

export async function savedZUp(samplePath: string, name: string): Promise<TestFile> {
  const path = resolve(import.meta.dirname, '../../samples', samplePath);
  const positions = (await parseFiles([{ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)) }])).data.positions.slice();
  changeUpAxis(positions, 'y', 'z');
  const lines: string[] = [];
  for (let i = 0; i < positions.length; i += 3) lines.push(`${positions[i]} ${positions[i + 1]} ${positions[i + 2]}`);
  return { name, bytes: new TextEncoder().encode(lines.join('\n') + '\n') };
}
