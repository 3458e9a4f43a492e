// `--out x.las` of a LAS keeps its point format and every attribute of its points.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lasHeaderOf } from '../../src/core/io/lasHeader';
import { records, tile } from '../core/io/lasTile';
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
});
