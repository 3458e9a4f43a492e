// LAZ read throughput: pointlens (LASzip's decoder, laz-perf, in batches of records into the LAS record
// decoder) against the copc library's own whole-file path (laz-perf's decompressFile, then its
// dimension views) on the same LAZ 1.4 file of point format 7 in the same run. The file is the
// 21 ScanNet scans of the PLY benchmark (1.05M points, classes from their labels), compressed by
// the tests' LASzip writer.
import { existsSync } from 'node:fs';
import { Las } from 'copc';
import { parseFiles } from '../src/core/io';
import { writeLaz14 } from '../scripts/laz/writeLaz14';
import { concatenatedScans, measure, printThroughput, SCANS } from './parse';

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log(`skipped: ${SCANS.pathname} is not there (the ScanNet scans of ../shared/data)`);
    return { laz_skipped: 'ScanNet scans not found' };
  }
  const scans = await concatenatedScans();
  const { bytes } = writeLaz14({ positions: scans.positions, colors: scans.colors!, classes: Uint8Array.from(scans.fields.label) });
  const mb = bytes.length / 1e6;
  const ours = await measure(async () => (await parseFiles([{ name: 'scannet_21_scans.laz', bytes }])).data.positions.length / 3);
  const copc = await measure(async () => {
    const header = Las.Header.parse(bytes);
    const view = Las.View.create(await Las.PointData.decompressFile(bytes), header);
    const get = ['X', 'Y', 'Z', 'Red', 'Green', 'Blue', 'Classification'].map((d) => view.getter(d));
    // the same arrays pointlens keeps: float positions, 8-bit colours, classes
    const positions = new Float32Array(view.pointCount * 3);
    const colors = new Uint8Array(view.pointCount * 3);
    const classes = new Uint8Array(view.pointCount);
    for (let i = 0; i < view.pointCount; i++) {
      for (let k = 0; k < 3; k++) positions[3 * i + k] = get[k](i);
      for (let k = 0; k < 3; k++) colors[3 * i + k] = get[3 + k](i) >> 8;
      classes[i] = get[6](i);
    }
    return view.pointCount;
  });
  if (copc.points !== ours.points) throw new Error(`readers disagree on the point count: pointlens ${ours.points}, copc ${copc.points}`);
  console.log(`LAZ 1.4, point format 7, ${ours.points} points, ${mb.toFixed(1)} MB`);
  printThroughput(mb, [
    ['pointlens', ours],
    ['copc (decompressFile + View)', copc],
  ]);
  const result = { laz_mb: Number(mb.toFixed(2)), laz_points: ours.points, laz_speedup_vs_copc: Number((copc.ms / ours.ms).toFixed(2)) };
  console.log(`speed-up: ${result.laz_speedup_vs_copc}x the copc library`);
  return result;
}
