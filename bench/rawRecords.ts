// Headerless .bin read speed: our reader, which has to find how many values a point has, against
// three.js's PCDLoader reading the same points from a binary PCD, whose header says the layout,
// in the same run. The points are the 21 ScanNet scans of parse.ts (1.05M points), dumped as
// x y z r g b float32 (as ScanNet's unlabelled scans are) and written as PCD x y z rgb (rgb packed
// into one float, as PCL writes it). The files differ in size, so the ratio is of points a second.
import { existsSync } from 'node:fs';
import { PCDLoader } from 'three/examples/jsm/loaders/PCDLoader.js';
import { parseFiles } from '../src/core/io';
import { recordCount } from '../src/core/io/rawRecords';
import type { PointCloud } from '../src/core/types';
import { concatenatedScans, measure, SCANS } from './parse';

function dump(c: PointCloud): Uint8Array {
  const n = c.positions.length / 3;
  const out = new Float32Array(6 * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) [out[6 * i + k], out[6 * i + 3 + k]] = [c.positions[3 * i + k], c.colors![3 * i + k]];
  return new Uint8Array(out.buffer);
}

function binaryPcd(c: PointCloud): ArrayBuffer {
  const n = c.positions.length / 3;
  const header = new TextEncoder().encode(
    `VERSION 0.7\nFIELDS x y z rgb\nSIZE 4 4 4 4\nTYPE F F F U\nCOUNT 1 1 1 1\nWIDTH ${n}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS ${n}\nDATA binary\n`,
  );
  const out = new Uint8Array(header.length + 16 * n);
  out.set(header);
  const view = new DataView(out.buffer, header.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) view.setFloat32(16 * i + 4 * k, c.positions[3 * i + k], true);
    view.setUint32(16 * i + 12, (c.colors![3 * i] << 16) | (c.colors![3 * i + 1] << 8) | c.colors![3 * i + 2], true);
  }
  return out.buffer;
}

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log(`skipped: ${SCANS.pathname} is not there (the ScanNet scans of ../shared/data)`);
    return { bin_skipped: 'ScanNet scans not found' };
  }
  const scans = await concatenatedScans();
  const n = scans.positions.length / 3;
  const bin = dump(scans);
  const pcd = binaryPcd(scans);
  const ours = await measure(async () => (await parseFiles([{ name: 'scans.bin', bytes: bin }])).data.positions.length / 3);
  const detect = await measure(() => {
    const floats = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
    return recordCount(floats) ?? 0;
  });
  const three = await measure(() => new PCDLoader().parse(pcd).geometry.getAttribute('position').count);
  if (three.points !== n || ours.points !== n) throw new Error(`the readers disagree on the point count: pointlens ${ours.points}, three.js ${three.points}, written ${n}`);
  const rate = (m: { ms: number }) => n / (m.ms / 1000) / 1e6;
  console.log(`${n} points: x y z r g b float32 .bin (${(bin.length / 1e6).toFixed(1)} MB) and binary PCD x y z rgb (${(pcd.byteLength / 1e6).toFixed(1)} MB)`);
  console.log(`  pointlens .bin (the count found): ${ours.ms.toFixed(1)} ms, ${rate(ours).toFixed(1)} M points/s; finding the count alone ${detect.ms.toFixed(1)} ms`);
  console.log(`  three.js PCDLoader, binary PCD: ${three.ms.toFixed(1)} ms, ${rate(three).toFixed(1)} M points/s`);
  const ratio = three.ms / ours.ms;
  console.log(`  bin_vs_three_pcd: ${ratio.toFixed(2)}x (points a second, higher is faster)`);
  return { bin_vs_three_pcd: ratio, bin_points: n, bin_ms: ours.ms, bin_count_ms: detect.ms, three_pcd_ms: three.ms };
}
