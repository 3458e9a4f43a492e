// `pointlens classify --explain`: the critical points in the file's own coordinates, which alone
// give the same answer (PointNet's critical set).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pointlens } from './pointlens';

const samples = fileURLToPath(new URL('../../samples/', import.meta.url));

const rowsOf = (text: string) => new Set(text.trim().split('\n').map((l) => l.split(',').slice(0, 3).map(Number).join(',')));

// each test starts two CLI processes, each loading the model: more than the default minute on a busy machine
const SLOW = 180_000;

describe('pointlens classify --explain', () => {
  it('adds the critical points of a cloud: rows of the file itself, whatever up was used', () => {
    const chair = join(samples, 'modelnet40/chair_0962.txt');
    const rows = rowsOf(readFileSync(chair, 'utf8'));
    for (const up of ['y', '+z']) {
      const r = pointlens('classify', '--explain', '--up', up, chair);
      expect(r.code).toBe(0);
      const { critical } = r.lines[0];
      expect(critical.length).toBeGreaterThan(10);
      expect(critical.length).toBeLessThan(1024);
      for (const p of critical) expect(rows.has(p.join(','))).toBe(true);
    }
  }, SLOW);

  it('gives points that, written to a file of their own, are classified as the whole shape was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-explain-'));
    const airplane = join(samples, 'modelnet40/airplane_0627.txt');
    const whole = pointlens('classify', '--explain', '--up', 'y', airplane).lines[0];
    const file = join(dir, 'critical.xyz');
    writeFileSync(file, whole.critical.map((p: number[]) => p.join(' ')).join('\n') + '\n');
    const alone = pointlens('classify', '--up', 'y', file).lines[0];
    expect(alone.top[0].label).toBe(whole.top[0].label);
  }, SLOW);

  it('gives surface samples of a mesh inside its box, and leaves the output as it was without the flag', () => {
    const mesh = join(samples, 'shapenet/chair-356fc758/model_normalized.obj');
    const r = pointlens('classify', '--explain', mesh);
    expect(r.code).toBe(0);
    const { critical, up } = r.lines[0];
    const v = readFileSync(mesh, 'utf8').split('\n').filter((l) => l.startsWith('v ')).map((l) => l.split(/\s+/).slice(1, 4).map(Number));
    for (let k = 0; k < 3; k++) {
      const lo = Math.min(...v.map((p) => p[k])), hi = Math.max(...v.map((p) => p[k]));
      for (const p of critical) {
        expect(p[k]).toBeGreaterThanOrEqual(lo - 1e-5);
        expect(p[k]).toBeLessThanOrEqual(hi + 1e-5);
      }
    }
    expect(up.axis).toBeDefined();
    expect(pointlens('classify', mesh).lines[0]).not.toHaveProperty('critical');
  }, SLOW);
});
