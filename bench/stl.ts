// STL parse throughput: our reader against three.js's STLLoader on the same binary STL in the same
// run. The file is every bundled mesh sample, placed side by side and repeated to about a million
// triangles. three.js's loader keeps each triangle's own three corners; pointlens also joins corners
// into shared vertices, so the peer for the same work is the loader followed by three.js's own
// mergeVertices.
import { readFileSync } from 'node:fs';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';
import { mergeVertices } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { parseFiles } from '../src/core/io';
import { validateSampleIndex } from '../src/core/samples';
import type { Mesh } from '../src/core/types';
import { measure, printThroughput } from './parse';

const TARGET_TRIANGLES = 1_000_000;

async function sampleMeshes(): Promise<Mesh[]> {
  const index = validateSampleIndex(JSON.parse(readFileSync(new URL('../samples/index.json', import.meta.url), 'utf8')));
  const meshes: Mesh[] = [];
  for (const s of index.samples.filter((e) => e.faces)) {
    const files = [s.file, ...(s.companions ?? [])].map((f) => ({ name: f.split('/').pop()!, bytes: new Uint8Array(readFileSync(new URL(`../samples/${f}`, import.meta.url))) }));
    const { data } = await parseFiles(files);
    if (data.kind === 'mesh') meshes.push(data);
  }
  return meshes;
}

/** Binary STL of `meshes` repeated, each copy moved along x, to at least `target` triangles. */
function binaryStl(meshes: Mesh[], target: number): Uint8Array {
  const per = meshes.reduce((n, m) => n + m.indices.length / 3, 0);
  const copies = Math.ceil(target / per);
  const n = per * copies;
  const out = new Uint8Array(84 + 50 * n);
  const view = new DataView(out.buffer);
  view.setUint32(80, n, true);
  let t = 0;
  for (let copy = 0; copy < copies; copy++) {
    meshes.forEach((m, k) => {
      const shift = 3 * (copy * meshes.length + k);
      for (let f = 0; f < m.indices.length; f += 3, t++) {
        for (let c = 0; c < 3; c++) {
          const v = 3 * m.indices[f + c];
          const at = 84 + 50 * t + 12 + 12 * c;
          view.setFloat32(at, m.positions[v] + shift, true);
          view.setFloat32(at + 4, m.positions[v + 1], true);
          view.setFloat32(at + 8, m.positions[v + 2], true);
        }
      }
    });
  }
  return out;
}

export async function run(): Promise<Record<string, unknown>> {
  const bytes = binaryStl(await sampleMeshes(), TARGET_TRIANGLES);
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const mb = bytes.length / 1e6;
  let vertices = 0;
  const ours = await measure(async () => {
    const mesh = (await parseFiles([{ name: 'samples.stl', bytes }])).data as Mesh;
    vertices = mesh.positions.length / 3;
    return mesh.indices.length / 3;
  });
  const three = await measure(() => new STLLoader().parse(arrayBuffer).getAttribute('position').count / 3);
  let merged = 0;
  const threeJoined = await measure(() => {
    const geometry = new STLLoader().parse(arrayBuffer);
    // normals are per facet in the loader's output; without them corners at one place can merge
    geometry.deleteAttribute('normal');
    const joined = mergeVertices(geometry);
    merged = joined.getAttribute('position').count;
    return joined.getIndex()!.count / 3;
  });
  if (three.points !== ours.points || threeJoined.points !== ours.points) {
    throw new Error(`the readers disagree on the triangle count: pointlens ${ours.points}, three.js ${three.points}, joined ${threeJoined.points}`);
  }
  const mbps = (m: { ms: number }) => mb / (m.ms / 1000);
  console.log(`binary STL, ${ours.points} triangles (${vertices} shared vertices once joined; ${merged} by three.js), ${mb.toFixed(1)} MB`);
  printThroughput(mb, [
    ['pointlens (corners joined)', ours],
    ['three.js STLLoader + mergeVertices', threeJoined],
    ['three.js STLLoader (not joined)', three],
  ]);
  const result = {
    stl_mb: Number(mb.toFixed(2)),
    stl_triangles: ours.points,
    stl_mbps_pointlens: Number(mbps(ours).toFixed(1)),
    stl_mbps_threejs: Number(mbps(three).toFixed(1)),
    stl_mbps_threejs_merged: Number(mbps(threeJoined).toFixed(1)),
    stl_speedup_vs_threejs_merged: Number((threeJoined.ms / ours.ms).toFixed(2)),
    stl_speedup_vs_threejs_unjoined: Number((three.ms / ours.ms).toFixed(2)),
  };
  console.log(`speed-up: ${result.stl_speedup_vs_threejs_merged}x three.js with mergeVertices, ${result.stl_speedup_vs_threejs_unjoined}x its loader alone (which does not join corners)`);
  return result;
}
