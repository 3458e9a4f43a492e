// A region of a big LAZ file read again, as the app does when the camera rests on a decimated
// layer: from the LASzip chunks whose box meets it (pointlens) against the whole file decompressed
// keeping the points inside (the read before chunk indexes, the peer), in the same run, on the same
// corner. The file is the 21 ScanNet scans of the PLY benchmark (1.05M points) as LAZ 1.4 of point
// format 7 in chunks of 50,000 points in the scans' order, as LASzip chunks a file; the scans lie
// over each other, each in its room's own frame, so a chunk's box is about its room's.
import { existsSync } from 'node:fs';
import { Las } from 'copc';
import type { Bounds } from '../src/core/geometry/bounds';
import { computeBounds } from '../src/core/geometry/bounds';
import { LazArrival, lazStream } from '../src/core/io/las';
import { lasHeaderOf } from '../src/core/io/lasHeader';
import { chunksMeeting, ChunkBoxes } from '../src/core/io/lazChunkIndex';
import { readLazRegion } from '../src/core/io/lazRegion';
import type { PointCloud } from '../src/core/types';
import { writeLaz14 } from '../scripts/laz/writeLaz14';
import { concatenatedScans, measure, SCANS } from './parse';

/** LASzip's own chunk size */
const CHUNK_POINTS = 50_000;
/** the corner: this share of the cloud's width and depth, at its far end, its whole height */
const CORNER = 0.1;

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log(`skipped: ${SCANS.pathname} is not there (the ScanNet scans of ../shared/data)`);
    return { laz_region_skipped: 'ScanNet scans not found' };
  }
  const scans = await concatenatedScans();
  const n = scans.positions.length / 3;
  const { bytes } = writeLaz14({ positions: scans.positions, colors: scans.colors!, classes: Uint8Array.from({ length: n }, (_, i) => Math.floor(i / CHUNK_POINTS)) });
  const h = lasHeaderOf(bytes);

  // the first read, decimated as the app keeps a file over budget, leaves the chunk index
  const first = await LazArrival.open(h, bytes.length, () => ({ every: 16 }));
  first.push(bytes);
  await first.finish();
  const index = first.chunks!;
  const all = (await lazStream(bytes, () => ({ every: 1 }))).finish().data as PointCloud;
  const { min, max } = computeBounds(all.positions);
  // the box's far corner is the point farthest along x + y: the bounding box's own corner may hold no point
  let far = 0;
  for (let i = 0; i < n; i++) if (all.positions[3 * i] + all.positions[3 * i + 1] > all.positions[3 * far] + all.positions[3 * far + 1]) far = i;
  const [x, y] = [all.positions[3 * far], all.positions[3 * far + 1]];
  const box: Bounds = {
    min: [x - CORNER * (max[0] - min[0]), y - CORNER * (max[1] - min[1]), min[2]],
    max: [x, y, max[2]],
  };
  const keep = { box, every: 1, max: n };
  const met = chunksMeeting(index, h, box).length;

  const get = async (begin: number, end: number) => bytes.subarray(begin, end);
  let inside = 0;
  let fromChunks: PointCloud | undefined;
  const ours = await measure(async () => {
    const stream = (await readLazRegion(get, bytes.length, index, keep))!;
    fromChunks = stream.finish().data as PointCloud;
    return (inside = stream.inside);
  });
  let fromWhole: PointCloud | undefined;
  const whole = await measure(async () => {
    const stream = await lazStream(bytes, () => keep);
    fromWhole = stream.finish().data as PointCloud;
    return stream.inside;
  });
  if (whole.points !== inside || fromChunks!.positions.join() !== fromWhole!.positions.join()) throw new Error('the region read from the chunks differs from the whole file');

  // what noting the chunks' boxes costs the first read: all the file's records (decompressed by the copc library) through ChunkBoxes alone
  const records = await Las.PointData.decompressFile(bytes);
  const boxes = await measure(() => {
    const b = ChunkBoxes.of(bytes, h)!;
    b.add(records);
    return n;
  });

  console.log(`LAZ 1.4, ${n} points in ${index.chunks.length} chunks of ${CHUNK_POINTS}; corner ${CORNER * 100}% x ${CORNER * 100}%: ${inside} points inside, ${met} chunks meet it`);
  console.log(`region from its chunks ${ours.ms.toFixed(1)} ms, from the whole file ${whole.ms.toFixed(1)} ms; noting the chunk boxes while the file is first read ${boxes.ms.toFixed(1)} ms`);
  const result = {
    laz_region_points_inside: inside,
    laz_region_chunks_read: met,
    laz_region_chunks: index.chunks.length,
    laz_region_ms: Number(ours.ms.toFixed(1)),
    laz_region_whole_file_ms: Number(whole.ms.toFixed(1)),
    laz_region_speedup_vs_whole_file: Number((whole.ms / ours.ms).toFixed(2)),
    laz_chunk_boxes_ms: Number(boxes.ms.toFixed(1)),
  };
  console.log(`speed-up: ${result.laz_region_speedup_vs_whole_file}x the whole file`);
  return result;
}
