// PLY parse throughput: our parser against three.js's PLYLoader and loaders.gl's PLYLoader, on the
// same binary little-endian file in the same run. The file is all 21 real ScanNet scans of
// ../shared/data/scannet/scannet_train_detection_data concatenated (1.05M points) with
// x y z red green blue label instance, the layout the app exports and ScanNet labels use.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@loaders.gl/core';
import { PLYLoader as LoadersGlPLYLoader } from '@loaders.gl/ply';
import { PLYLoader as ThreePLYLoader } from 'three/examples/jsm/loaders/PLYLoader.js';
import { parseFiles, writePly } from '../src/core/io';
import type { PointCloud } from '../src/core/types';

export const SCANS = new URL('../../shared/data/scannet/scannet_train_detection_data/', import.meta.url);
const WARMUP = 1;
const RUNS = 5;

export async function concatenatedScans(): Promise<PointCloud> {
  const names = readdirSync(SCANS).filter((f) => f.endsWith('_vert.npy')).sort();
  const clouds: PointCloud[] = [];
  for (const vert of names) {
    const files = [vert, vert.replace('_vert', '_sem_label'), vert.replace('_vert', '_ins_label')].map((name) => ({
      name,
      bytes: new Uint8Array(readFileSync(new URL(name, SCANS))),
    }));
    clouds.push((await parseFiles(files)).data as PointCloud);
  }
  const n = clouds.reduce((s, c) => s + c.positions.length / 3, 0);
  const out: PointCloud = {
    kind: 'points',
    positions: new Float32Array(n * 3),
    colors: new Uint8Array(n * 3),
    fields: { label: new Int32Array(n), instance: new Int32Array(n) },
  };
  let o = 0;
  for (const c of clouds) {
    out.positions.set(c.positions, o * 3);
    out.colors!.set(c.colors!, o * 3);
    out.fields.label.set(c.fields.label, o);
    out.fields.instance.set(c.fields.instance, o);
    o += c.positions.length / 3;
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median wall time (ms) of `RUNS` parses after `WARMUP`, and the point count the parser saw. */
export async function measure(parseOnce: () => Promise<number> | number): Promise<{ ms: number; points: number }> {
  let points = 0;
  for (let i = 0; i < WARMUP; i++) points = await parseOnce();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    points = await parseOnce();
    times.push(performance.now() - t);
  }
  return { ms: median(times), points };
}

/** One line a reader: its median time and its throughput over the file's `mb` megabytes. */
export function printThroughput(mb: number, rows: ReadonlyArray<readonly [string, { ms: number }]>): void {
  const width = Math.max(...rows.map(([name]) => name.length)) + 1;
  console.log(`${'reader'.padEnd(width)}      ms      MB/s`);
  for (const [name, m] of rows) console.log(`${name.padEnd(width)} ${m.ms.toFixed(1).padStart(7)} ${(mb / (m.ms / 1000)).toFixed(1).padStart(8)}`);
}

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log(`skipped: ${SCANS.pathname} is not there (the ScanNet scans of ../shared/data)`);
    return { ply_skipped: 'ScanNet scans not found' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'pointlens-bench-'));
  try {
    const path = join(dir, 'scannet_21_scans.ply');
    writeFileSync(path, writePly(await concatenatedScans()));
    const bytes = new Uint8Array(readFileSync(path));
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const mb = bytes.length / 1e6;

    let keptLabels = 0;
    const ours = await measure(async () => {
      const r = await parseFiles([{ name: 'scannet_21_scans.ply', bytes }]);
      keptLabels = r.data.fields.label?.length ?? 0;
      return r.data.positions.length / 3;
    });
    const three = await measure(() => new ThreePLYLoader().parse(arrayBuffer).getAttribute('position').count);
    const loadersGl = await measure(async () => {
      const mesh = await parse(arrayBuffer, LoadersGlPLYLoader, { worker: false });
      return mesh.attributes.POSITION.value.length / 3;
    });

    if (three.points !== ours.points || loadersGl.points !== ours.points) {
      throw new Error(`parsers disagree on the point count: pointlens ${ours.points}, three.js ${three.points}, loaders.gl ${loadersGl.points}`);
    }
    if (keptLabels !== ours.points) throw new Error(`pointlens kept ${keptLabels} labels for ${ours.points} points`);

    const mbps = (m: { ms: number }) => mb / (m.ms / 1000);
    console.log(`binary little-endian PLY, ${ours.points} points, ${mb.toFixed(1)} MB; median of ${RUNS} runs after ${WARMUP} warm-up`);
    printThroughput(mb, [
      ['pointlens', ours],
      ['three.js PLYLoader', three],
      ['loaders.gl PLYLoader', loadersGl],
    ]);
    const result = {
      ply_mb: Number(mb.toFixed(2)),
      ply_points: ours.points,
      ply_mbps_pointlens: Number(mbps(ours).toFixed(1)),
      ply_mbps_threejs: Number(mbps(three).toFixed(1)),
      ply_mbps_loadersgl: Number(mbps(loadersGl).toFixed(1)),
      ply_speedup_vs_threejs: Number((three.ms / ours.ms).toFixed(2)),
      ply_speedup_vs_loadersgl: Number((loadersGl.ms / ours.ms).toFixed(2)),
    };
    console.log(`speed-up: ${result.ply_speedup_vs_threejs}x three.js, ${result.ply_speedup_vs_loadersgl}x loaders.gl`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
