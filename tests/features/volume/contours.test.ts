// The Volume result's contour lines: kept with the result while its points are the same, dropped
// once the clip keeps other points, and exported in the file's own coordinates.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contourLines } from '../../../src/core/geometry/contours';
import { parseFiles } from '../../../src/core/io';
import { cancelContours, computeContours, exportContours } from '../../../src/features/volume/contours';
import { volumeRanOn } from '../../../src/features/volume/volume';
import type { VolumeView } from '../../../src/state/slices/volume';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { BusyWorker } from '../busyWorker';

const store = () => useAppStore.getState();
let downloads: { name: string; text: string }[] = [];

beforeEach(async () => {
  useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null });
  downloads = [];
  let blob: Blob | undefined;
  vi.stubGlobal('Worker', BusyWorker);
  vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL: (b: Blob) => ((blob = b), 'blob:contours'), revokeObjectURL: () => undefined }));
  vi.stubGlobal('document', { createElement: () => ({ async click(this: { download: string }) { downloads.push({ name: this.download, text: await blob!.text() }); } }) });
  const name = 'scene0000_00.ply';
  const parsed = await parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures/e2e', name))) }]);
  showParseResult('scan', name, parsed, 20, { up: { axis: '+z', source: 'sample' } });
});
afterEach(() => vi.unstubAllGlobals());

/** A result on the scan as a run that took the store as it is now, its grid a slope rising 1 a cell along x, with its contours every 1. */
function doneWithContours(): Extract<VolumeView, { status: 'done' }> {
  const s = store();
  const heights = Float64Array.from({ length: 16 }, (_, k) => k % 4);
  const grid = { up: '+z' as const, across: [0, 1] as [number, number], cell: 1, corner: [0, 0] as [number, number], columns: 4, rows: 4, heights, points: 16, empty: 0, interpolated: 0 };
  const { interval, levels, lines } = contourLines(grid, { interval: 1 });
  return {
    status: 'done',
    layerId: 'scan',
    grid,
    volume: { fill: 1, cut: 0, net: 1, area: 16, cells: 16, empty: 0, interpolated: 0 },
    scale: 1,
    base: 0,
    baseChoice: 'floor',
    ran: volumeRanOn(s)!,
    height: 'mean',
    emptyCells: 'empty',
    autoCell: false,
    total: s.layerData!.geometry.positions.length / 3,
    unit: '',
    ms: 1,
    contours: { status: 'done', interval, autoInterval: false, levels: levels.length, lines },
  };
}

describe('volume contours', () => {
  it('stay with the result while its points are the same, and are dropped once the clip keeps other points', () => {
    store().setVolume(doneWithContours());
    // a run started (it never answers) watches the result from then on
    void computeContours(1);
    store().updateSettings({ pointSize: 3 });
    expect(store().volume?.status === 'done' && store().volume).toHaveProperty('contours.status', 'done');
    const { min, max } = store().layer!.bounds;
    store().updateClip({ section: (min[2] + max[2]) / 2 });
    const after = store().volume;
    expect(after?.status).toBe('done');
    expect(after?.status === 'done' && after.contours).toBeUndefined();
  });

  it("exports the lines as GeoJSON and DXF named after the file, a line at each level the grid's heights cross", async () => {
    store().setVolume(doneWithContours());
    exportContours('geojson');
    exportContours('dxf');
    await vi.waitUntil(() => downloads.length === 2);
    expect(downloads.map((d) => d.name)).toEqual(['scene0000_00.contours.geojson', 'scene0000_00.contours.dxf']);
    const json = JSON.parse(downloads[0].text);
    expect(json.features.map((f: { properties: { level: number } }) => f.properties.level)).toEqual([1, 2, 3]);
    // the slope rises 1 a cell from the first cell's centre at x 0.5: level L at x 0.5 + L
    for (const f of json.features) for (const [x] of f.geometry.coordinates) expect(x).toBeCloseTo(0.5 + f.properties.level, 6);
    expect(downloads[1].text.match(/\nPOLYLINE\n/g)).toHaveLength(3);
  });

  it('gives back the lines drawn before when a run is cancelled, still shown, and ends its worker', async () => {
    const shown = doneWithContours();
    store().setVolume(shown);
    const run = computeContours(0.5);
    cancelContours();
    await run;
    expect(BusyWorker.made.at(-1)!.ended).toBe(true);
    const after = store().volume;
    expect(after?.status === 'done' && after.contours).toBe(shown.contours);
  });

  it('says it was cancelled where no lines were drawn before', async () => {
    store().setVolume({ ...doneWithContours(), contours: undefined });
    const run = computeContours(undefined);
    cancelContours();
    await run;
    const after = store().volume;
    expect(after?.status === 'done' && after.contours).toEqual({ status: 'cancelled' });
  });
});
