import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { denseTub, offText } from '../fixtures/e2e/denseTub';
import { wideSurvey } from '../fixtures/e2e/wideSurvey';
import { pointlens } from './pointlens';

const samples = fileURLToPath(new URL('../../samples/', import.meta.url));
const models = fileURLToPath(new URL('../../models/', import.meta.url));

describe('pointlens classify', () => {
  it('names real shapes, one JSON object per file, with model, backend and time', () => {
    const airplane = join(samples, 'modelnet40/airplane_0627.txt');
    const chair = join(samples, 'shapenet/chair-356fc758/model_normalized.obj');
    const r = pointlens('classify', airplane, chair);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(2);
    const [a, c] = r.lines;
    expect(Object.keys(a)).toEqual(['file', 'model', 'backend', 'up', 'ms', 'views', 'top', 'unknown', 'ood_score', 'proportions', 'nearest']);
    const views = JSON.parse(readFileSync(join(models, 'manifest.json'), 'utf8')).models.find((m: { id: string }) => m.id === 'classifier').input.views ?? 1;
    expect(a).toMatchObject({ file: airplane, model: 'classifier', backend: 'wasm', views });
    expect(a.top).toHaveLength(5);
    expect(a.top[0].label).toBe('airplane');
    expect(c.top[0].label).toBe('chair');
    for (const line of r.lines) {
      const probs = line.top.map((t: { probability: number }) => t.probability);
      expect([...probs].sort((x, y) => y - x)).toEqual(probs);
      expect(probs.reduce((x: number, y: number) => x + y, 0)).toBeLessThanOrEqual(1.000001);
    }
  });

  it("judges a raw ModelNet OFF mesh of a room's size and vertex count as an object, and keeps OFF's usual z up for it", async () => {
    // 50 units wide and 17,698 vertices: as PLY, the up estimate would take it for a room
    const file = join(mkdtempSync(join(tmpdir(), 'pointlens-off-')), 'bathtub_dense.off');
    writeFileSync(file, offText(await denseTub(50)));
    const r = pointlens('classify', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[0].up).toMatchObject({ axis: '+z', source: 'format' });
    expect(r.lines[0].up.reason).toMatch(/^an object;/);
    expect(r.lines[0].top).toHaveLength(5);
  });

  it('says whether a shape is none of the served classes, with a score that grows with the doubt', () => {
    const airplane = join(samples, 'modelnet40/airplane_0627.txt');
    const pot = join(samples, 'formats/flower_pot.ply'); // flower_pot is not served
    const r = pointlens('classify', airplane, pot);
    expect(r.code).toBe(0);
    const [a, g] = r.lines;
    expect(a.unknown).toBe(false);
    expect(g.unknown).toBe(true);
    const threshold = JSON.parse(readFileSync(join(models, 'manifest.json'), 'utf8')).models.find((m: { id: string }) => m.id === 'classifier').openSet.threshold;
    expect(g.ood_score).toBeGreaterThan(threshold);
    expect(a.ood_score).toBeLessThanOrEqual(threshold);
  });

  it('calls 200 units of gently rolling ground unknown though the network finds it close to airplanes: flatter than any airplane it learned from', () => {
    const rows: string[] = [];
    for (let i = 0; i < 60; i++) {
      for (let j = 0; j < 60; j++) {
        const [x, y] = [(i * 200) / 59, (j * 200) / 59];
        rows.push(`${x.toFixed(3)} ${y.toFixed(3)} ${(1.5 * Math.sin(x / 25) + Math.cos(y / 30)).toFixed(3)}`);
      }
    }
    const file = join(mkdtempSync(join(tmpdir(), 'pointlens-ground-')), 'ground.xyz');
    writeFileSync(file, rows.join('\n') + '\n');
    const r = pointlens('classify', file);
    expect(r.code, r.stderr).toBe(0);
    const [g] = r.lines;
    expect(g.top[0].label).toBe('airplane');
    expect(g.unknown).toBe(true);
    expect(g.unknown_because).toEqual(['proportions']);
    expect(g.proportions[0]).toMatchObject({ ratio: 'e3/e1', outside: 'below', reason: 'flatter than any airplane it learned from' });
    expect(g.proportions[0].value).toBeLessThan(g.proportions[0].range[0]);
  });

  it('names the training shapes nearest each shape, the nearest at its open-set score', () => {
    const airplane = join(samples, 'modelnet40/airplane_0627.txt');
    const pot = join(samples, 'formats/flower_pot.ply');
    const r = pointlens('classify', airplane, pot);
    expect(r.code).toBe(0);
    const bank = JSON.parse(readFileSync(join(models, 'classifier_bank.json'), 'utf8'));
    for (const line of r.lines) {
      expect(line.nearest).toHaveLength(3);
      const distances = line.nearest.map((n: { distance: number }) => n.distance);
      expect([...distances].sort((x, y) => x - y)).toEqual(distances);
      expect(distances[0]).toBeCloseTo(line.ood_score, 4);
      for (const n of line.nearest) expect(n).toEqual({ row: n.row, class: bank.rows[n.row].class, source: bank.rows[n.row].source, shape: bank.rows[n.row].shape, distance: n.distance });
    }
    // a test airplane is nearest to training airplanes
    expect(r.lines[0].nearest.map((n: { class: string }) => n.class)).toEqual(['airplane', 'airplane', 'airplane']);
  });

  it('classifies from a models folder without the bank file, and says why the nearest shapes are not named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-models-'));
    const manifest = JSON.parse(readFileSync(join(models, 'manifest.json'), 'utf8'));
    const entry = manifest.models.find((m: { id: string }) => m.id === 'classifier');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    copyFileSync(join(models, entry.file), join(dir, entry.file));
    const r = pointlens('classify', '--models', dir, join(samples, 'modelnet40/airplane_0627.txt'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^pointlens: the nearest training shapes cannot be named: ENOENT/);
    expect(r.lines[0].top[0].label).toBe('airplane');
    expect(Object.keys(r.lines[0].nearest[0])).toEqual(['row', 'distance']);
  });

  it('takes its models from --models: there, an open-set threshold of 0 calls even the airplane unknown', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-models-'));
    const manifest = JSON.parse(readFileSync(join(models, 'manifest.json'), 'utf8'));
    const entry = manifest.models.find((m: { id: string }) => m.id === 'classifier');
    entry.openSet.threshold = 0;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    copyFileSync(join(models, entry.file), join(dir, entry.file));
    copyFileSync(join(models, entry.openSet.neighbours.file), join(dir, entry.openSet.neighbours.file));
    const airplane = join(samples, 'modelnet40/airplane_0627.txt');
    const r = pointlens('classify', '--models', dir, airplane);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines[0].top[0].label).toBe('airplane');
    expect(r.lines[0].unknown).toBe(true);
    expect(pointlens('classify', airplane).lines[0].unknown).toBe(false);
  });

  it("says in its JSON line what reading the file said: a headerless .bin's count of values a point, read as --values gives it", () => {
    const dump = fileURLToPath(new URL('../fixtures/io/scene0000_00_unlabeled.bin', import.meta.url));
    const r = pointlens('classify', '--values', '3', dump);
    expect(r.stderr).toBe('');
    expect(r.lines[0].warnings).toEqual(['has no header: read as 4,000 points of 3 float32 values each (x y z), the count chosen']);
  });

  it('takes --top K', () => {
    const r = pointlens('classify', '--top', '2', join(samples, 'modelnet40/bathtub_0107.txt'));
    expect(r.code).toBe(0);
    expect(r.lines[0].top).toHaveLength(2);
  });

  it('reports a bad file on stderr, still classifies the others, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-classify-'));
    const empty = join(dir, 'empty.xyz');
    writeFileSync(empty, '');
    const r = pointlens('classify', empty, join(samples, 'modelnet40/airplane_0627.txt'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/empty\.xyz/);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0].top[0].label).toBe('airplane');
  });

  it('refuses a cloud whose points all lie at one place, naming the file, and a single point', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-classify-'));
    const one = join(dir, 'one.xyz');
    const same = join(dir, 'same.xyz');
    writeFileSync(one, '0.5 0.25 1\n');
    writeFileSync(same, '0.5 0.25 1\n'.repeat(2048));
    const r = pointlens('classify', one, same);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([]);
    expect(r.stderr).toBe(
      `pointlens: ${one}: it has a single point: there is no shape to recognise\npointlens: ${same}: all its 2,048 points lie at one place: there is no shape to recognise\n`,
    );
  });

  it('flags a LAS survey wider than any object as unknown with --wide, with its width in metres, and leaves a room-sized one to the open-set score', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-survey-'));
    const wide = join(dir, 'floor.las');
    const room = join(dir, 'room.las');
    const survey = await wideSurvey(9, 'ft');
    writeFileSync(wide, survey.bytes);
    writeFileSync(room, (await wideSurvey(1)).bytes);
    const r = pointlens('classify', '--wide', wide, room);
    expect(r.code).toBe(0);
    const [w, one] = r.lines;
    expect(w.unknown).toBe(true);
    expect(w.widest_m).toBeCloseTo(survey.widestM, 1);
    expect(w.top).toHaveLength(5);
    expect(one.widest_m).toBeUndefined();
    expect(Object.keys(one)).toContain('unknown');
  });

  it('holds a LAS survey wider than any object back unclassified without --wide: unknown by its width alone, saying so, and classifies the room beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-survey-'));
    const wide = join(dir, 'floor.las');
    const room = join(dir, 'room.las');
    const survey = await wideSurvey(2, 'm', 55);
    writeFileSync(wide, survey.bytes);
    writeFileSync(room, (await wideSurvey(1)).bytes);
    const r = pointlens('classify', wide, room);
    expect(r.code).toBe(0);
    const held = `not classified: this scan is ${Math.round(survey.widestM)} m across, wider than any room (60 m) or object the models learned from; --wide runs it anyway`;
    expect(r.stderr).toBe(`pointlens: ${wide}: ${held}\n`);
    const [w, one] = r.lines;
    expect(w).toEqual({ file: wide, unknown: true, held, widest_m: Number(survey.widestM.toFixed(1)) });
    expect(one.top).toHaveLength(5);
    expect(one.held).toBeUndefined();
  });
});
