// The Export panel's files written in a worker: the page gathers the points, the worker writes the
// bytes the main-thread writers would and moves them back, reporting progress; one file at a time,
// a cancel ends the worker with nothing downloaded, and a failure is kept in the worker's words.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { writeLaz } from '../../../src/core/io/writeLaz';
import { fromSource, writePly } from '../../../src/core/io/writePly';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { exposeRpc } from '../../../src/workers/rpc';
import { exportHandlers } from '../../../src/workers/exportWriter';
import { fieldsPlyJob, lasJob } from '../../../src/features/export/exportResults';
import { GROUND, GROUND_FIELD, groundClasses, LOW_NOISE, NOT_GROUND } from '../../../src/core/geometry/ground';
import { cancelExport, madeForExport, runExport } from '../../../src/features/export/exportRun';
import type { ExportRunView } from '../../../src/state/slices/exportRun';
import { BusyWorker } from '../busyWorker';

const store = () => useAppStore.getState();
const SCAN = 'scene0000_00.ply';

async function showScan(): Promise<void> {
  const bytes = new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures/e2e', SCAN)));
  showParseResult('scan', SCAN, await parseFiles([{ name: SCAN, bytes }]), 1, { up: { axis: '+z', source: 'sample' } });
}

/** What the shown layer's file says besides its points, as the page passes it on. */
const shownAs = () => fromSource(store().layer!, store().settings.upAxis);

/** The export worker's own handlers behind a MessageChannel, which posts and transfers as a worker does. */
class ChannelWorker {
  static made = 0;
  constructor() {
    ChannelWorker.made++;
    const { port1, port2 } = new MessageChannel();
    exposeRpc(exportHandlers, port2 as unknown as DedicatedWorkerGlobalScope);
    return Object.assign(port1, { terminate: () => (port1.close(), port2.close()) });
  }
}

/** The files the page downloaded, by name. */
let downloads: { name: string; blob: Blob }[] = [];
/** Every state the export went through. */
let seen: ExportRunView[] = [];
let unsubscribe = () => undefined as void;

beforeEach(() => {
  useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null, strayMarks: null });
  downloads = [];
  seen = [];
  ChannelWorker.made = 0;
  BusyWorker.made = [];
  let blob: Blob | undefined;
  vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL: (b: Blob) => ((blob = b), 'blob:export'), revokeObjectURL: () => undefined }));
  vi.stubGlobal('document', { createElement: () => ({ click(this: { download: string }) { downloads.push({ name: this.download, blob: blob! }); } }) });
  // the LAS header holds the day it was written
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-04T12:00:00Z') });
  unsubscribe = useAppStore.subscribe((s) => s.exportRun && seen.at(-1) !== s.exportRun && seen.push(s.exportRun));
});
afterEach(() => {
  unsubscribe();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(b);

describe('exports in a worker', () => {
  it('downloads the LAZ the main-thread writer makes of the ScanNet scan, after progress, with its notes', async () => {
    vi.stubGlobal('Worker', ChannelWorker);
    await showScan();
    const expected = writeLaz(store().layerData!.geometry, {}, shownAs());
    await runExport(() => lasJob(undefined, 'laz'));
    expect(downloads.map((d) => d.name)).toEqual(['scene0000_00.fields.laz']);
    expect(same(new Uint8Array(await downloads[0].blob.arrayBuffer()), expected.bytes)).toBe(true);
    expect(seen.filter((v) => v.status === 'running').map((v) => v.status === 'running' && v.stage)).toContain('compressing LAZ');
    expect(store().exportRun).toEqual({ status: 'done', layerId: 'scan', name: 'scene0000_00.fields.laz', notes: expected.notes });
    expect(ChannelWorker.made).toBe(1);
  });

  it('writes the ground found as the LAS classes by default, saying so, and the classes chosen where the person chose', async () => {
    vi.stubGlobal('Worker', ChannelWorker);
    await showScan();
    const n = store().layer!.points;
    const ground = Uint8Array.from({ length: n }, (_, i) => [GROUND, NOT_GROUND, LOW_NOISE][i % 3]);
    store().attachField('scan', GROUND_FIELD, ground, groundClasses());
    const notesSaid = () => {
      const run = store().exportRun;
      return run?.status === 'done' ? run.notes : [];
    };
    const classesWritten = async () => (await parseFiles([{ name: 'back.las', bytes: new Uint8Array(await downloads.at(-1)!.blob.arrayBuffer()) }])).data.fields.classification;

    await runExport(() => lasJob(undefined, 'las'));
    expect(Array.from(await classesWritten())).toEqual(Array.from(ground));
    expect(notesSaid()[0]).toMatch(/^the classes are the ground found \(2 ground, 1 not ground, 7 low noise, 0 not searched\), taken by default where the layer holds ground: choose another under "LAS classes from"$/);

    // the file's own classification chosen (the scan has none: class 0), and another field chosen
    await runExport(() => lasJob('', 'las'));
    expect((await classesWritten()).every((c) => c === 0)).toBe(true);
    await runExport(() => lasJob('label', 'las'));
    expect(Array.from(await classesWritten())).toEqual(Array.from(store().layerData!.geometry.fields.label, (l) => (l >= 0 && l <= 255 ? l : 0)));
    expect(notesSaid().some((note) => /taken by default/.test(note))).toBe(false);
  });

  it('downloads the PLY with fields the main-thread writer makes, leaving the layer its arrays', async () => {
    vi.stubGlobal('Worker', ChannelWorker);
    await showScan();
    const { geometry } = store().layerData!;
    await runExport(fieldsPlyJob);
    expect(downloads.map((d) => d.name)).toEqual(['scene0000_00.fields.ply']);
    expect(same(new Uint8Array(await downloads[0].blob.arrayBuffer()), writePly(geometry, {}, shownAs()))).toBe(true);
    // the view still draws them: copied to the worker, never moved
    expect(store().layerData!.geometry.positions.length).toBe(3 * store().layer!.points);
  });

  it("moves the arrays made for the file to the worker, and copies the layer's own", async () => {
    await showScan();
    const layer = store().layerData!;
    const kept = new Float32Array(6);
    const pred = new Int32Array(2);
    const request = { format: 'ply' as const, geometry: { kind: 'points' as const, positions: kept, fields: { label: layer.geometry.fields.label } }, extraFields: { pred }, options: {} };
    expect(madeForExport(request, layer)).toEqual([kept.buffer, pred.buffer]);
  });

  it('shows the worker\'s message where the file cannot be written, and keeps the layer', async () => {
    vi.stubGlobal('Worker', ChannelWorker);
    await showScan();
    const points = store().layer!.points;
    await runExport(() => lasJob('no_such_field', 'las'));
    expect(downloads).toEqual([]);
    expect(store().exportRun).toEqual({ status: 'error', layerId: 'scan', name: 'scene0000_00.fields.las', message: expect.stringMatching(/^there is no field "no_such_field" to take the classes from: the points have /) });
    expect(store().layer!.points).toBe(points);
  });

  it('refuses a second export while one is written, and a cancel ends the worker with nothing downloaded', async () => {
    vi.stubGlobal('Worker', BusyWorker);
    await showScan();
    const first = runExport(() => lasJob(undefined, 'laz'));
    expect(store().exportRun).toMatchObject({ status: 'running', name: 'scene0000_00.fields.laz', progress: 0 });
    await runExport(fieldsPlyJob);
    expect(BusyWorker.made).toHaveLength(1);
    cancelExport();
    await first;
    expect(BusyWorker.made[0].ended).toBe(true);
    expect(store().exportRun).toEqual({ status: 'error', layerId: 'scan', name: 'scene0000_00.fields.laz', message: 'cancelled.' });
    expect(downloads).toEqual([]);
  });
});
