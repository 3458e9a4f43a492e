// `--out x.las` of a LAS keeps its point format and every attribute of its points.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { lasHeaderOf } from '../../src/core/io/lasHeader';
import { fullColors, records, tile } from '../core/io/lasTile';
import { pointlens } from './pointlens';

describe('pointlens --out of a LAS', () => {
  it('writes a format 3 tile that filter keeps whole back as format 3, its records byte for byte', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-las-keep-'));
    const path = join(folder, 'tile.las');
    const source = tile(3);
    writeFileSync(path, source);
    const out = join(folder, 'back.las');
    const r = pointlens('filter', '--field', 'intensity', '--min', '0', '--max', '65535', path, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const written = new Uint8Array(readFileSync(out));
    expect(lasHeaderOf(written).pointFormat).toBe(3);
    expect(records(written)).toEqual(records(source));
  });

  it.each(['las', 'laz'])('keeps 16-bit colours whose low bytes hold more than 8 bits in the %s it writes of the points filter keeps', async (ext) => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-las-keep-'));
    const path = join(folder, 'tile.las');
    const source = tile(7, fullColors);
    writeFileSync(path, source);
    const out = join(folder, `half.${ext}`);
    // intensities 1000 + 17 i: the first 150 points
    const r = pointlens('filter', '--field', 'intensity', '--min', '0', '--max', String(1000 + 17 * 149), path, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const written = new Uint8Array(readFileSync(out));
    if (ext === 'las') {
      const h = lasHeaderOf(source);
      expect(records(written)).toEqual(records(source).subarray(0, 150 * h.recordLength));
    } else {
      const { fields } = (await parseFiles([{ name: 'half.laz', bytes: written }])).data;
      const expected = [0, 1, 2].map((c) => Array.from({ length: 150 }, (_, i) => fullColors(i, c)));
      expect(['red16', 'green16', 'blue16'].map((name) => Array.from(fields[name]))).toEqual(expected);
    }
  });
});
