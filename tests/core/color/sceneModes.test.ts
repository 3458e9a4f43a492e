import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { sceneColorModes } from '../../../src/core/color/sceneModes';
import { visibleMask, type ColorSettings, type ColorSource, type LabelOverlay } from '../../../src/core/color/colorModes';
import { truthClasses } from '../../../src/core/ml/sceneMetrics';
import type { PointCloud } from '../../../src/core/types';

const manifest = JSON.parse(readFileSync(new URL('../../../models/manifest.json', import.meta.url), 'utf8'));
const classes = manifest.models.find((m: { id: string }) => m.id === 'segmenter').classes;
const settings: ColorSettings = { colorMap: 'turbo', uniformColor: [200, 200, 200], upAxis: '+z' };

async function scene(): Promise<PointCloud> {
  const name = 'scene0007_00.ply';
  const r = await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`../../../samples/scannet/${name}`, import.meta.url))) }]);
  return r.data as PointCloud;
}

function source(cloud: PointCloud, overlay: LabelOverlay): ColorSource {
  return { positions: cloud.positions, colors: cloud.colors, fields: cloud.fields, overlays: [overlay] };
}

describe('scene colour modes', () => {
  it('offers confidence, truth and right/wrong for a segmentation of a labelled scan', async () => {
    const cloud = await scene();
    const truth = truthClasses(cloud)!;
    // a prediction that is the truth on even points and "wall" on odd ones
    const pred = Int32Array.from(truth, (t, i) => (i % 2 === 0 ? Math.max(0, t) : 0));
    const overlay: LabelOverlay = { id: 'segmentation', label: 'Predicted class', values: pred, classes, confidence: new Float32Array(pred.length).fill(0.5), truth };
    const modes = sceneColorModes(source(cloud, overlay));
    expect(modes.map((m) => m.id)).toEqual(['confidence:segmentation', 'truth:segmentation', 'error:segmentation']);

    const out = new Float32Array(cloud.positions.length);
    modes[2].paint(source(cloud, overlay), settings, out);
    const error = modes[2].legend(source(cloud, overlay), settings);
    const right = truth.filter((t, i) => t >= 0 && t === pred[i]).length;
    const labelled = truth.filter((t) => t >= 0).length;
    expect(error).toMatchObject({ kind: 'labels' });
    if (error?.kind !== 'labels') throw new Error('labels legend expected');
    expect(error.entries.map((e) => e.count)).toEqual([right, labelled - right, truth.length - labelled]);

    modes[1].paint(source(cloud, overlay), settings, out);
    const visible = visibleMask(modes[1], source(cloud, overlay), new Set([0]))!;
    const walls = truth.filter((t) => t === 0).length;
    expect(visible.filter((v) => v === 0).length).toBe(walls);
    const firstWall = truth.indexOf(0);
    expect([...out.subarray(3 * firstWall, 3 * firstWall + 3)].map((v) => Math.round(v * 255))).toEqual(classes[0].color);
  });

  it("greys the points below the model's sure threshold and keeps the class colours of the rest", async () => {
    const cloud = await scene();
    const n = cloud.positions.length / 3;
    // classes 0..2 in turn; every third point undecided yet, the rest alternately sure and not
    const pred = Int32Array.from({ length: n }, (_, i) => (i % 3 === 2 ? -1 : i % 3));
    const confidence = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0.9 : 0.6));
    const overlay: LabelOverlay = { id: 'segmentation', label: 'Predicted class', values: pred, classes, confidence, sureAbove: 0.75, noClassName: 'not segmented' };
    const src = source(cloud, overlay);
    const mode = sceneColorModes(src).find((m) => m.id === 'sure:segmentation')!;
    const out = new Float32Array(cloud.positions.length);
    mode.paint(src, settings, out);
    const rgb = (i: number) => [...out.subarray(3 * i, 3 * i + 3)].map((v) => Math.round(v * 255));
    expect(rgb(0)).toEqual(classes[0].color); // class 0, 0.9
    expect(rgb(3)).toEqual([150, 150, 158]); // class 0, 0.6: unsure
    expect(rgb(4)).toEqual(classes[1].color); // class 1, 0.9
    expect(rgb(1)).toEqual([150, 150, 158]); // class 1, 0.6
    expect(rgb(2)).toEqual([90, 94, 102]); // not decided yet

    const legend = mode.legend(src, settings);
    if (legend?.kind !== 'labels') throw new Error('labels legend expected');
    const decided = [...pred.keys()].filter((i) => pred[i] >= 0);
    const sureOf = (c: number) => decided.filter((i) => pred[i] === c && confidence[i] >= 0.75).length;
    expect(legend.entries.find((e) => e.name === 'unsure (below 75%)')?.count).toBe(decided.filter((i) => confidence[i] < 0.75).length);
    expect(legend.entries.find((e) => e.name === classes[0].name)?.count).toBe(sureOf(0));
    expect(legend.entries.find((e) => e.name === classes[1].name)?.count).toBe(sureOf(1));
    expect(legend.entries.find((e) => e.id === -1)).toEqual({ id: -1, name: 'not segmented', color: [90, 94, 102], count: n - decided.length });

    // a repaint of a few points touches only them
    confidence[3] = 0.95;
    const before = out.slice();
    mode.paint(src, settings, out, [3]);
    expect(rgb(3)).toEqual(classes[0].color);
    out.set(before.subarray(9, 12), 9);
    expect(out).toEqual(before);
  });

  it('offers no sure-points mode where the model names no threshold', () => {
    const cloud: PointCloud = { kind: 'points', positions: new Float32Array(6), fields: {} };
    const overlay: LabelOverlay = { id: 'segmentation', label: 'Predicted class', values: new Int32Array(2), classes, confidence: new Float32Array([0, 1]) };
    expect(sceneColorModes(source(cloud, overlay)).map((m) => m.id)).not.toContain('sure:segmentation');
    expect(sceneColorModes(source(cloud, { ...overlay, sureAbove: 0.5 })).map((m) => m.id)).toContain('sure:segmentation');
  });

  it('offers only confidence where the overlay has no truth', () => {
    const cloud: PointCloud = { kind: 'points', positions: new Float32Array(6), fields: {} };
    const overlay: LabelOverlay = { id: 'segmentation', label: 'Predicted class', values: new Int32Array(2), classes, confidence: new Float32Array([0, 1]) };
    expect(sceneColorModes(source(cloud, overlay)).map((m) => m.id)).toEqual(['confidence:segmentation']);
  });
});
