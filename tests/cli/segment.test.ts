import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFiles, writePly } from '../../src/core/io';
import { truthClasses } from '../../src/core/ml/sceneMetrics';
import type { PointCloud } from '../../src/core/types';
import { loadScene, SCENE } from '../fixtures/seg/scene';
import { officeCorner } from '../fixtures/seg/officeCorner';
import { lowestZ, sampleRoom, stackedRooms } from '../fixtures/seg/stackedRooms';
import { geoKeyRecord, las12, xyzRgbRecords } from '../core/io/helpers';
import { wideSurvey } from '../fixtures/e2e/wideSurvey';
import { terrainXyz } from '../fixtures/e2e/terrain';

const bin = fileURLToPath(new URL('../../bin/pointlens.mjs', import.meta.url));
// the segmenter's prediction of the scan, revised by the instance classifier, scored by Python
const expected = JSON.parse(readFileSync(new URL('../fixtures/seg/instances_expected.json', import.meta.url), 'utf8')).after;
// the lean Python's levelling finds on the same scan as recorded
const recordedLean = JSON.parse(readFileSync(new URL('../fixtures/seg/levelling_parity.json', import.meta.url), 'utf8')).cases[0].lean;

/** `bytes` written to a fresh folder as `name`: the file's path. */
function writtenTo(name: string, bytes: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pointlens-file-')), name);
  writeFileSync(file, bytes);
  return file;
}

/** A version 1.0 .npy file of a C-order array. */
function npy(descr: string, shape: number[], data: ArrayBufferView): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0]).copy(pre);
  pre.writeUInt16LE(header.length, 8);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

describe('pointlens segment', () => {
  it("segments a held-out ScanNet scan as Python measured it, boxes named by the instance classifier, and scores it against the file's labels", () => {
    // the scan as VoteNet's .npy files, written from the fixture
    const { cloud, nyu40 } = loadScene();
    const n = nyu40.length;
    const vert = xyzRgbRecords(cloud);
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-segment-'));
    const file = join(dir, `${SCENE}_vert.npy`);
    writeFileSync(file, npy('<f4', [n, 6], vert));
    writeFileSync(join(dir, `${SCENE}_sem_label.npy`), npy('<u4', [n], Uint32Array.from(nyu40)));

    const r = spawnSync(process.execPath, [bin, 'segment', file], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out).toMatchObject({ file, model: 'segmenter', backend: 'wasm', points: n });
    expect(Object.values(out.classes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(n);
    expect(Math.abs(out.metrics.oa - expected.oa)).toBeLessThan(1e-3);
    expect(Math.abs(out.metrics.miou - expected.miou)).toBeLessThan(2e-3);
    for (const b of out.boxes) expect(['wall', 'floor']).not.toContain(b.label);
    expect(out.instance_classifier.proposals).toBeGreaterThan(0);
    expect(out.levelling).toEqual({ lean_degrees: Math.round(recordedLean * 100) / 100, levelled: true });
  });

  it('writes the labelled cloud with --out, beside the file\'s own properties', async () => {
    const input = fileURLToPath(new URL('../../samples/scannet/scene0007_00.ply', import.meta.url));
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-segment-out-')), 'labelled.ply');
    const r = spawnSync(process.execPath, [bin, 'segment', '--out', out, input], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const printed = JSON.parse(r.stdout.trim());
    const back = await parseFiles([{ name: 'labelled.ply', bytes: new Uint8Array(readFileSync(out)) }]);
    const original = await parseFiles([{ name: 'scene0007_00.ply', bytes: new Uint8Array(readFileSync(input)) }]);
    expect(Object.keys(back.data.fields)).toEqual(['label', 'instance', 'pred', 'confidence']);
    expect(back.data.positions).toEqual(original.data.positions);
    expect(back.data.fields.label).toEqual(original.data.fields.label);
    const names = Object.keys(printed.classes);
    const counts: Record<string, number> = {};
    const manifest = JSON.parse(readFileSync(new URL('../../models/manifest.json', import.meta.url), 'utf8'));
    const classes = manifest.models.find((m: { id: string }) => m.id === 'segmenter').classes.map((c: { name: string }) => c.name);
    for (const p of back.data.fields.pred) counts[classes[p]] = (counts[classes[p]] ?? 0) + 1;
    expect(Object.keys(counts).sort()).toEqual(names.sort());
    // the header names what pred stands for: the segmenter's classes, then the ceiling
    expect(back.data.fieldClasses?.pred.map((c) => c.name)).toEqual([...classes, 'ceiling']);
    expect(back.statedUp).toBe(printed.up.axis);
    expect(counts).toEqual(printed.classes);
    expect(Math.min(...back.data.fields.confidence)).toBeGreaterThan(0);
    // the points it says it is sure of are those of the written cloud at the manifest's threshold
    const above = manifest.models.find((m: { id: string }) => m.id === 'segmenter').confidence.sureAbove;
    const sure = Array.from(back.data.fields.confidence).filter((c) => c >= above).length;
    expect(printed.sure).toEqual({ above, points: sure, share: Math.round((sure / back.data.fields.confidence.length) * 1e4) / 1e4 });
    expect(sure).toBeGreaterThan(0);
    expect(sure).toBeLessThan(back.data.fields.confidence.length);
    // this sample is one of the held-out test scans the manifest's confidence figures were measured on
    const truth = truthClasses(original.data as PointCloud)!;
    let labelled = 0, right = 0, confidence = 0;
    truth.forEach((t, i) => {
      if (t < 0) return;
      labelled++;
      right += Number(back.data.fields.pred[i] === t);
      confidence += back.data.fields.confidence[i];
    });
    const measured = manifest.models.find((m: { id: string }) => m.id === 'segmenter').confidence.test.scans.scene0007_00;
    expect(labelled).toBe(measured.points);
    expect(Math.abs(right / labelled - measured.accuracy)).toBeLessThan(1e-3);
    expect(Math.abs(confidence / labelled - measured.mean_confidence)).toBeLessThan(1e-3);
  });

  it('keeps the segmentation and its boxes with --models whose instance classifier cannot load, and says why', () => {
    const models = mkdtempSync(join(tmpdir(), 'pointlens-models-'));
    for (const f of ['manifest.json', 'segmenter.onnx']) copyFileSync(fileURLToPath(new URL(`../../models/${f}`, import.meta.url)), join(models, f));
    writeFileSync(join(models, 'instances.onnx'), 'not an ONNX model');
    const input = fileURLToPath(new URL('../../samples/scannet/scene0007_00.ply', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'segment', '--models', models, input], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.instance_classifier_error).toMatch(/\w/);
    expect(out.instance_classifier).toBeUndefined();
    expect(Object.values(out.classes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(out.points);
    expect(out.boxes.length).toBeGreaterThan(0);
    for (const b of out.boxes) expect(['wall', 'floor']).not.toContain(b.label);
  });

  /** `pointlens segment --up z` of `bytes` written as `name`: what it printed, and each point's class from its --out. */
  async function segmentedBytes(name: string, bytes: Uint8Array, up = 'z', ...more: string[]) {
    const file = writtenTo(name, bytes);
    const out = `${file}.labelled.ply`;
    const r = spawnSync(process.execPath, [bin, 'segment', '--up', up, '--out', out, ...more, file], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const pred = (await parseFiles([{ name: 'labelled.ply', bytes: new Uint8Array(readFileSync(out)) }])).data.fields.pred;
    return { printed: JSON.parse(r.stdout.trim()), pred };
  }

  // scene0008_00 as recorded, which several tests compare a changed copy with: run once, when first asked for
  let recorded: ReturnType<typeof segmentedBytes> | undefined;
  const recordedScene0008 = () =>
    (recorded ??= sampleRoom('scene0008_00.ply').then((room) => segmentedBytes('scene0008_00.ply', writePly({ kind: 'points', positions: room.positions, colors: room.colors, fields: {} }))));

  it('reads the scan dumped as headerless x y z r g b float32 records (.bin), finds its up from the geometry, and labels it as the PLY', async () => {
    const room = await sampleRoom('scene0008_00.ply');
    const dumped = await segmentedBytes('scene0008_00.bin', xyzRgbRecords(room), 'auto');
    expect(dumped.printed.up).toMatchObject({ axis: '+z', source: 'detected', sure: true });
    // the count of values a point it was read with is said in its JSON line, as `info` says it
    expect(dumped.printed.warnings).toEqual([expect.stringMatching(/^has no header: read as [\d,]+ points of 6 float32 values each \(x y z, a colour\)/)]);
    const ply = await recordedScene0008();
    expect(ply.printed.warnings).toBeUndefined();
    expect(Array.from(dumped.pred)).toEqual(Array.from(ply.pred));
    expect(dumped.printed.boxes).toEqual(ply.printed.boxes);
  });

  it('labels a scan with a stray point far below its floor as it labels the scan without it', async () => {
    const original = await sampleRoom('scene0008_00.ply');
    const n = original.positions.length / 3;
    const positions = new Float32Array(3 * (n + 1));
    positions.set(original.positions);
    positions.set([original.positions[0], original.positions[1], lowestZ(original.positions) - 2], 3 * n);
    const colors = new Uint8Array(3 * (n + 1));
    colors.set(original.colors!);
    const plain = (await recordedScene0008()).pred;
    const withStray = (await segmentedBytes('stray.ply', writePly({ kind: 'points', positions, colors, fields: {} }))).pred;
    let same = 0;
    for (let i = 0; i < n; i++) same += Number(plain[i] === withStray[i]);
    // measured: 0.95 (the blocks the stray point joins differ); with heights measured from the lowest point, 0.53
    expect(same / n).toBeGreaterThan(0.9);
  });

  it('cuts two rooms one over the other into storeys and labels the upper one as it labels that room alone', async () => {
    const upper = await sampleRoom('scene0008_00.ply');
    const stack = await stackedRooms(['scene0007_00.ply', 'scene0008_00.ply']);
    const both = await segmentedBytes('storeys.ply', writePly(stack));
    expect(both.printed.storeys.cuts_m).toHaveLength(1);
    expect(both.printed.storeys.cuts_m[0]).toBeGreaterThan(3);
    expect(both.printed.storeys.cuts_m[0]).toBeLessThanOrEqual(3.5);
    const alone = await recordedScene0008();
    expect(alone.printed.storeys).toBeUndefined();
    const n = upper.positions.length / 3;
    const offset = stack.positions.length / 3 - n;
    let same = 0;
    for (let i = 0; i < n; i++) same += Number(both.pred[offset + i] === alone.pred[i]);
    // measured 0.90: the stack is levelled as one scan, so the upper room is turned a little unlike alone
    expect(same / n).toBeGreaterThan(0.8);
  });

  /** The same labels and boxes as the scan in metres, whose coordinates were divided by `metresPer` to write `scaled`. */
  function expectSameAsInMetres(scaled: Awaited<ReturnType<typeof segmentedBytes>>, metres: Awaited<ReturnType<typeof segmentedBytes>>, metresPer: number) {
    let same = 0;
    for (let i = 0; i < scaled.pred.length; i++) same += Number(scaled.pred[i] === metres.pred[i]);
    // rounding of the scaled coordinates moves a few points between blocks and voxels
    expect(same / scaled.pred.length).toBeGreaterThan(0.99);
    expect(scaled.printed.boxes.length).toBe(metres.printed.boxes.length);
    scaled.printed.boxes.forEach((b: { center: number[]; label: string }, k: number) => {
      expect(b.label).toBe(metres.printed.boxes[k].label);
      b.center.forEach((v, a) => expect(Math.abs(v * metresPer - metres.printed.boxes[k].center[a])).toBeLessThan(0.01));
    });
  }

  it('reads a scan written in millimetres in millimetres: the same labels as in metres, its boxes in millimetres', async () => {
    const original = await sampleRoom('scene0008_00.ply');
    const cloud = (positions: Float32Array) => writePly({ kind: 'points', positions, colors: original.colors, fields: {} });
    const metres = await recordedScene0008();
    const mm = await segmentedBytes('mm.ply', cloud(original.positions.map((v) => v * 1000)));
    expect(metres.printed.unit).toBeUndefined();
    expect(mm.printed.unit).toBe('mm');
    expect(mm.printed.unit_from).toBe('height');
    expectSameAsInMetres(mm, metres, 0.001);
  });

  it('reads a LAS file in millimetres that declares no unit in millimetres, and does not call it kilometres wide', async () => {
    const original = await sampleRoom('scene0008_00.ply');
    const n = original.positions.length / 3;
    const cloud = { kind: 'points' as const, positions: original.positions.map((v) => v * 1000), colors: original.colors, fields: { instance: new Uint16Array(n), label: new Uint8Array(n) } };
    const mm = await segmentedBytes('mm.las', las12(cloud, [0, 0, 0]));
    expect(mm.printed.unit).toBe('mm');
    expect(mm.printed.unit_from).toBe('height');
    expect(mm.printed.widest_m).toBeUndefined();
  });

  it('reads a LAS file in the unit its coordinate system declares: US survey feet, the same labels as its points in metres', async () => {
    const original = await sampleRoom('scene0008_00.ply');
    const n = original.positions.length / 3;
    const usFeet = 1200 / 3937;
    const cloud = { kind: 'points' as const, positions: original.positions.map((v) => v / usFeet), colors: original.colors, fields: { instance: new Uint16Array(n), label: new Uint8Array(n) } };
    const bytes = las12(cloud, [0, 0, 0], [geoKeyRecord([[1024, 1], [3076, 9003]])]);
    const feet = await segmentedBytes('ftus.las', bytes);
    expect(feet.printed.unit).toBe('ftUS');
    expect(feet.printed.widest_m).toBeUndefined();
    expect(feet.printed.unit_from).toBe('file');
    // the file's points as read, in metres: a scan on a millimetre grid has many points on the edges
    // of blocks and voxels, where a float's last bit moves them, so the two must hold the same floats
    const read = (await parseFiles([{ name: 'ftus.las', bytes }])).data;
    const metres = await segmentedBytes('m.ply', writePly({ kind: 'points', positions: read.positions.map((v) => v * usFeet), colors: read.colors, fields: {} }));
    expectSameAsInMetres(feet, metres, usFeet);
    const info = spawnSync(process.execPath, [bin, 'info', writtenTo('ftus.las', bytes)], { encoding: 'utf8' });
    expect(JSON.parse(info.stdout.trim()).unit).toBe('ftUS');
  });

  it('segments a LAS survey wider than any room when asked with --wide, and says how wide it is', async () => {
    // four rooms of a site, 55 m apart: 68 m across, few blocks (a LAS room of it has no `widest_m`,
    // as the other LAS tests here show)
    const site = await wideSurvey(2, 'm', 55);
    expect(site.widestM).toBeGreaterThan(60);
    const wide = await segmentedBytes('site.las', site.bytes, 'z', '--wide');
    expect(wide.printed.widest_m).toBeCloseTo(site.widestM, 1);
    expect(wide.printed.points).toBe(site.cloud.positions.length / 3);
  });

  it('holds a terrain 200 m across in map coordinates back before the segmenter runs, saying why in the words the app gives, and writes no labels', () => {
    const file = writtenTo('terrain.xyz', new TextEncoder().encode(terrainXyz([500_100, 4_000_100, 302], 500)));
    const out = `${file}.labelled.ply`;
    const r = spawnSync(process.execPath, [bin, 'segment', '--out', out, file], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const held = 'not segmented: this scan is 200 m across, wider than any room (60 m) or object the models learned from; --wide runs it anyway';
    expect(r.stderr).toBe(`pointlens: ${file}: ${held}\n`);
    const printed = JSON.parse(r.stdout.trim());
    expect(printed).toMatchObject({ file, held });
    expect(printed.widest_m).toBeGreaterThan(199);
    // no model loaded, no point labelled
    expect(printed).not.toHaveProperty('model');
    expect(printed).not.toHaveProperty('classes');
    expect(existsSync(out)).toBe(false);
  });

  it('says where what it segmented looks like one object, not a room, and not of a room', async () => {
    const chair = fileURLToPath(new URL('../../samples/shapenet/chair-356fc758/model_normalized.obj', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'segment', chair], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ object: true, blocks: 1 });
    expect((await recordedScene0008()).printed.object).toBeUndefined();
  });

  it('says how far the walls of a scan turned about its up are from its axes, and with --boxes walls draws the same boxes square to them', async () => {
    const original = await sampleRoom('scene0008_00.ply');
    const turn = (30 * Math.PI) / 180;
    const positions = original.positions.slice();
    for (let i = 0; i < positions.length; i += 3) {
      const [x, y] = [original.positions[i], original.positions[i + 1]];
      positions[i] = Math.cos(turn) * x - Math.sin(turn) * y;
      positions[i + 1] = Math.sin(turn) * x + Math.cos(turn) * y;
    }
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-segment-walls-'));
    const file = join(dir, 'turned.ply');
    writeFileSync(file, writePly({ kind: 'points', positions, colors: original.colors, fields: {} }));
    const segment = async (frame: string) => {
      const out = join(dir, `labelled-${frame}.ply`);
      const r = spawnSync(process.execPath, [bin, 'segment', '--up', 'z', '--boxes', frame, '--out', out, file], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const pred = (await parseFiles([{ name: 'labelled.ply', bytes: new Uint8Array(readFileSync(out)) }])).data.fields.pred;
      return { printed: JSON.parse(r.stdout.trim()), pred };
    };
    type PrintedBox = { label: string; size: number[]; turn?: { about: string; degrees: number } };
    const axes = await segment('axes');
    const walls = await segment('walls');
    expect(Math.abs(axes.printed.walls.turned_degrees - 30)).toBeLessThan(1.5);
    expect(walls.printed.walls).toEqual(axes.printed.walls);
    // every decision is the same: the labels, which boxes, their names and scores
    expect(Array.from(walls.pred)).toEqual(Array.from(axes.pred));
    expect(walls.printed.boxes.map((b: PrintedBox) => b.label)).toEqual(axes.printed.boxes.map((b: PrintedBox) => b.label));
    expect(axes.printed.boxes.every((b: PrintedBox) => b.turn === undefined)).toBe(true);
    const plan = (b: PrintedBox) => b.size[0] * b.size[1];
    let [axesArea, wallsArea] = [0, 0];
    walls.printed.boxes.forEach((b: PrintedBox, k: number) => {
      expect(b.turn).toEqual({ about: 'z', degrees: axes.printed.walls.turned_degrees });
      axesArea += plan(axes.printed.boxes[k]);
      wallsArea += plan(b);
    });
    // square to the walls the boxes cover less floor: measured 0.77 of the area square to the file's
    // axes (a box square to neither, a chair turned on its own, can come out a little larger)
    expect(wallsArea / axesArea).toBeLessThan(0.85);
  });

  it("names an S3DIS office's ceiling from its geometry, the same once the room is turned Y-up, and writes it with its index after the model's classes", async () => {
    const office = await officeCorner();
    const z = await segmentedBytes('office.ply', writePly({ kind: 'points', positions: office.positions, colors: office.colors, fields: {} }));
    // x y z -> x z -y: the same room, Y up
    const turned = office.positions.map((_, i) => (i % 3 === 0 ? office.positions[i] : i % 3 === 1 ? office.positions[i + 1] : -office.positions[i - 1]));
    const y = await segmentedBytes('office-y-up.ply', writePly({ kind: 'points', positions: turned, colors: office.colors, fields: {} }), 'auto');
    expect(y.printed.up).toMatchObject({ axis: '+y', source: 'detected' });
    const segment = office.fields.segment!;
    // the class after the segmenter's own
    const CEILING = JSON.parse(readFileSync(new URL('../../models/manifest.json', import.meta.url), 'utf8')).models.find((m: { id: string }) => m.id === 'segmenter').classes.length;
    for (const { printed, pred } of [z, y]) {
      const ceiling = Array.from(pred!).flatMap((c, i) => (c === CEILING ? [i] : []));
      expect(printed.classes.ceiling).toBe(ceiling.length);
      expect(printed.ceiling).toEqual({ heights_m: [2.725] });
      // measured: 2,455 points, 86% of them S3DIS ceiling, 91% of its ceiling
      expect(ceiling.filter((i) => segment[i] === 0).length / ceiling.length).toBeGreaterThan(0.8);
      expect(ceiling.length / Array.from(segment).filter((c) => c === 0).length).toBeGreaterThan(0.85);
      for (const b of printed.boxes) expect(['wall', 'floor', 'ceiling']).not.toContain(b.label);
    }
    const both = Array.from(z.pred!).filter((c, i) => (c === CEILING) === (y.pred![i] === CEILING)).length;
    expect(both / z.pred!.length).toBeGreaterThan(0.99);
  });

  it('scores a Pointcept S3DIS room against its segment field with --truth s3dis, through the training pipeline\'s mapping, and says where there is none', async () => {
    const room = fileURLToPath(new URL('../fixtures/io/Area_6_office_1', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'segment', '--truth', 's3dis', room, join(room, '..', 'flower_pot.ply')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout.trim());
    expect(out).toMatchObject({ file: join(room, 'coord.npy'), points: 1500 });
    // floor, wall, window, door, table, chair, sofa and bookcase have ScanNet classes; ceiling, beam, column, board and clutter do not
    const segment = (await parseFiles(['coord', 'segment'].map((a) => ({ name: `${a}.npy`, bytes: new Uint8Array(readFileSync(join(room, `${a}.npy`))) })))).data.fields.segment;
    const scored = new Map([[1, 'floor'], [2, 'wall'], [5, 'window'], [6, 'door'], [7, 'table'], [8, 'chair'], [9, 'sofa'], [10, 'bookshelf']]);
    expect(out.metrics.labelled).toBe(Array.from(segment).filter((c) => scored.has(c)).length);
    expect(Object.keys(out.metrics.per_class_iou).sort()).toEqual([...new Set(Array.from(segment).flatMap((c) => scored.get(c) ?? []))].sort());
    expect(out.metrics.miou).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/flower_pot\.ply cannot be scored as S3DIS: it has no `segment` field/);
  });

  it('refuses --truth other than file or s3dis', () => {
    const r = spawnSync(process.execPath, [bin, 'segment', '--truth', 'nyu', 'a.ply'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--truth must be file or s3dis, not "nyu"/);
  });

  it('refuses --boxes other than axes or walls', () => {
    const r = spawnSync(process.execPath, [bin, 'segment', '--boxes', 'diagonal', 'a.ply'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--boxes must be axes or walls, not "diagonal"/);
  });

  it('refuses --models without a manifest', () => {
    const r = spawnSync(process.execPath, [bin, 'segment', '--models', mkdtempSync(join(tmpdir(), 'pointlens-empty-')), 'a.ply'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--models must be a folder holding a manifest.json/);
  });

  it('refuses --out with more than one file', () => {
    const r = spawnSync(process.execPath, [bin, 'segment', '--out', 'x.ply', 'a.ply', 'b.ply'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out takes the labelled cloud of one file/);
  });

  it('refuses an --out it cannot write, a folder, or the file it reads, before segmenting', () => {
    const file = writtenTo('room.xyz', new TextEncoder().encode('0 0 0\n1 1 1\n'));
    const dir = join(file, '..');
    for (const [out, said] of [
      [join(dir, 'missing', 'x.ply'), `--out ${join(dir, 'missing', 'x.ply')} cannot be written: there is no folder ${join(dir, 'missing')}`],
      [dir, `--out ${dir} is a folder: give the name of the file to write`],
      [file, `--out ${file} is the file being read: give another name, or it would be written over`],
      [join(dir, '..', dir.split('/').pop()!, 'room.xyz'), `--out ${join(dir, '..', dir.split('/').pop()!, 'room.xyz')} is the file being read: give another name, or it would be written over`],
    ]) {
      const r = spawnSync(process.execPath, [bin, 'segment', '--out', out, file], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`pointlens segment: ${said}\n`);
    }
    expect(readFileSync(file, 'utf8')).toBe('0 0 0\n1 1 1\n');
  });

  it('says which scan is too wide for its grid, and how many of its points lie far from the rest', async () => {
    const room = (await parseFiles([{ name: `${SCENE}.ply`, bytes: new Uint8Array(readFileSync(new URL('../fixtures/e2e/scene0000_00.ply', import.meta.url))) }])).data as PointCloud;
    const positions = room.positions.slice();
    positions.set([1e30, 1e30, 1e30, -1e30, 0, 0], 0);
    const file = writtenTo('glitched.ply', writePly({ kind: 'points', positions, colors: room.colors, fields: {} }));
    const r = spawnSync(process.execPath, [bin, 'segment', '--up', 'z', file], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^pointlens: ${file}: spans 2e\\+30 × 1e\\+30 × 1e\\+30 units, too wide to .*: 2 of its 25,000 points lie far from the rest`));
  });

  it('refuses a bad seed', () => {
    const r = spawnSync(process.execPath, [bin, 'segment', '--seed', 'x', 'a.ply'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--seed must be/);
  });
});
