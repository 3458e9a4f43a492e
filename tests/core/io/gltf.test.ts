import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/core/io/detectFormat';
import { fileGroups, parseFiles } from '../../../src/core/io';
import { parseGltf } from '../../../src/core/io/gltf';
import type { Mesh, PointCloud } from '../../../src/core/types';
import { fixture, glb, gltfDocument, partsOfMesh, utf8, type GltfPart } from './helpers';

/** The real ShapeNet chair of the fixtures, one part per material group, each with its own vertices. */
async function chairParts(): Promise<{ mesh: Mesh; parts: GltfPart[] }> {
  const mesh = (await parseFiles(['chair_362f53ee.obj', 'chair_362f53ee.mtl'].map((name) => ({ name, bytes: fixture(name) })))).data as Mesh;
  const parts = partsOfMesh(mesh);
  return { mesh, parts };
}

// the root's transform: 90° about y (x goes to -z), twice the size, moved by (1, 2, 3)
const ROOT = { translation: [1, 2, 3], rotation: [0, Math.SQRT1_2, 0, Math.SQRT1_2], scale: [2, 2, 2] };
const placed = ([x, y, z]: number[]) => [2 * z + 1, 2 * y + 2, -2 * x + 3];

describe('glTF', () => {
  it('reads a binary glTF of a real ShapeNet chair: every part placed by its nodes, in its base colour, y up', async () => {
    const { mesh, parts } = await chairParts();
    const { json, bin } = gltfDocument(parts, ROOT);
    const r = parseGltf(glb(json, bin));
    const m = r.data as Mesh;
    expect(m.kind).toBe('mesh');
    expect(r.upAxis).toBe('y');
    expect(m.faceCount).toBe(mesh.indices.length / 3);
    expect(m.groups.map((g) => [g.name, g.count, g.color])).toEqual(parts.map((p) => [p.name, p.indices!.length, p.color]));
    // each part's first triangle lands where the root's transform puts the OBJ's
    let at = 0;
    for (const [k, g] of mesh.groups.entries()) {
      for (let c = 0; c < 3; c++) {
        const want = placed(Array.from(mesh.positions.subarray(3 * mesh.indices[g.start + c], 3 * mesh.indices[g.start + c] + 3)));
        const got = Array.from(m.positions.subarray(3 * m.indices[at + c], 3 * m.indices[at + c] + 3));
        got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
      }
      at += parts[k].indices!.length;
    }
    expect(r.warnings).toEqual([]);
  });

  it('keeps a model its nodes place in survey coordinates to the millimetre, about its first vertex as placed', async () => {
    const { parts } = await chairParts();
    const survey = [512_345.678, 4_123_456.789, 118.25];
    const read = (root: typeof ROOT) => {
      const { json, bin } = gltfDocument(parts, root);
      return parseGltf(glb(json, bin));
    };
    const near = read(ROOT);
    const far = read({ ...ROOT, translation: ROOT.translation.map((t, k) => t + survey[k]) });
    // the first vertex as the nodes place it, to whole metres
    const origin = far.origin!;
    expect(origin).toEqual([0, 1, 2].map((k) => Math.round(near.data.positions[k] + survey[k])));
    // every vertex where the near model's lies, moved by the survey offset, to a millimetre (as floats, the offset alone would leave a quarter metre)
    const { positions } = far.data;
    for (let i = 0; i < positions.length; i++) expect(Math.abs(positions[i] + origin[i % 3] - (near.data.positions[i] + survey[i % 3]))).toBeLessThan(1e-3);
    expect(far.warnings).toEqual([`coordinates are kept relative to (${origin.join(', ')}), its first vertex as its nodes place it, to keep millimetres; the panels and exports add it back`]);
    expect(near.origin).toBeUndefined();
  });

  it('reads the same model as .gltf with its buffer embedded, or beside it as a .bin file', async () => {
    const { parts } = await chairParts();
    const { json, bin } = gltfDocument(parts, ROOT);
    const fromGlb = parseGltf(glb(json, bin)).data as Mesh;
    const embedded = { ...json, buffers: [{ byteLength: bin.length, uri: `data:application/octet-stream;base64,${Buffer.from(bin).toString('base64')}` }] };
    expect((parseGltf(utf8(JSON.stringify(embedded))).data as Mesh).positions).toEqual(fromGlb.positions);
    const external = { ...json, buffers: [{ byteLength: bin.length, uri: 'chair%20data.bin' }] };
    const files = [
      { name: 'chair.gltf', bytes: utf8(JSON.stringify(external)) },
      { name: 'chair data.bin', bytes: bin },
    ];
    const r = await parseFiles(files);
    expect((r.data as Mesh).indices).toEqual(fromGlb.indices);
    expect(r.warnings).toEqual([]);
    await expect(parseFiles(files.slice(0, 1))).rejects.toThrow('chair.gltf keeps its data in chair%20data.bin, which is missing: open chair data.bin together with it');
  });

  it('turns normals with their node, and reads strips and fans as triangles facing one way', () => {
    const square = Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0]);
    const up = Float32Array.from([0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    const strip: GltfPart = { name: 'strip', positions: square, normals: up, mode: 5, node: { rotation: [Math.SQRT1_2, 0, 0, Math.SQRT1_2] } };
    const fan: GltfPart = { name: 'fan', positions: Float32Array.from([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]), normals: up, mode: 6, node: { translation: [5, 0, 0] } };
    const m = parseGltf(glb(...Object.values(gltfDocument([strip, fan])) as [Record<string, unknown>, Uint8Array])).data as Mesh;
    expect(Array.from(m.indices)).toEqual([0, 1, 2, 2, 1, 3, 4, 5, 6, 4, 6, 7]);
    // 90° about x takes +z to -y
    expect(Array.from(m.normals!.subarray(0, 3)).map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([0, -1, 0]);
    expect(Array.from(m.normals!.subarray(12, 15))).toEqual([0, 0, 1]);
  });

  it('reads a file of point primitives as a cloud with its colours', () => {
    const positions = Float32Array.from([0, 0, 0, 1, 2, 3, 4, 5, 6]);
    const colors = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 0.5]);
    const { json, bin } = gltfDocument([{ name: 'scan', positions, colors, mode: 0 }]);
    const c = parseGltf(glb(json, bin)).data as PointCloud;
    expect(c.kind).toBe('points');
    expect(Array.from(c.positions)).toEqual(Array.from(positions));
    expect(Array.from(c.colors!)).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 128]);
  });

  it('refuses what it cannot read, saying why, before reading past any buffer', async () => {
    const { parts } = await chairParts();
    const { json, bin } = gltfDocument(parts.slice(0, 1));
    const read = (j: Record<string, unknown>, b = bin) => () => parseGltf(glb(j, b));
    expect(read({ ...json, extensionsRequired: ['KHR_draco_mesh_compression'] })).toThrow('is compressed with Draco (KHR_draco_mesh_compression), which pointlens does not decode: export it without compression');
    expect(read({ ...json, asset: { version: '1.0' } })).toThrow('is glTF version "1.0"; pointlens reads version 2');
    const accessors = (json.accessors as { count: number }[]).map((a, k) => (k === 0 ? { ...a, count: 4_000_000_000 } : a));
    expect(read({ ...json, accessors })).toThrow(/has accessor 0 \(positions\) of 4000000000 values that run past its buffer view/);
    const whole = glb(json, bin);
    expect(() => parseGltf(Uint8Array.from({ length: 256 }, (_, i) => (i * 151 + 7) % 256))).toThrow('is not a glTF file: it starts neither with the binary glTF magic "glTF" nor with the "{" of glTF JSON');
    expect(() => parseGltf(whole.subarray(0, whole.length - 8))).toThrow(/declares [\d,]+ bytes, but the file holds [\d,]+: it is truncated/);
    const nodes = json.nodes as Record<string, unknown>[];
    expect(read({ ...json, nodes: [{ ...nodes[0], children: [0] }] })).toThrow(/nests its nodes more than 64 deep/);
    // each node placing the next twice: 2^40 placements from 41 nodes
    const doubling = Array.from({ length: 41 }, (_, k) => (k < 40 ? { children: [k + 1, k + 1] } : { mesh: 0 }));
    expect(read({ ...json, nodes: doubling })).toThrow('places its nodes more than 100,000 times');
    const meshes = [{ primitives: [{ attributes: { POSITION: 0 }, indices: 1, mode: 4 }] }];
    const far = Uint32Array.from([0, 1, 100_000]);
    const withFar = gltfDocument([{ name: 'p', positions: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]), indices: far }]);
    expect(read({ ...withFar.json, meshes }, withFar.bin)).toThrow('has a triangle that refers to vertex 100000 of a primitive of 3 vertices');
  });

  it('reads of a buffer beside the .gltf only the bytes its accessors span, and never a buffer no accessor reads', async () => {
    const { json, bin } = gltfDocument([{ name: 'scan', positions: Float32Array.from([0, 0, 0, 1, 2, 3, 4, 5, 6]), mode: 0 }]);
    // the positions sit after 1,000 bytes of another part (an animation's, say), and a second buffer holds a texture
    const lead = 1000;
    const views = (json.bufferViews as { byteOffset?: number }[]).map((v) => ({ ...v, byteOffset: (v.byteOffset ?? 0) + lead }));
    const size = lead + bin.length + 5000;
    const reads: [string, number, number][] = [];
    const onDisk = (name: string, bytes: Uint8Array) => ({ name, size: bytes.length, read: (begin: number, end: number) => (reads.push([name, begin, end]), bytes.subarray(begin, end)) });
    const model = new Uint8Array(size);
    model.set(bin, lead);
    const withTexture = { ...json, bufferViews: views, buffers: [{ byteLength: size, uri: 'model.bin' }, { byteLength: 1 << 20, uri: 'texture.bin' }] };
    const r = await parseFiles([{ name: 'scan.gltf', bytes: utf8(JSON.stringify(withTexture)) }], { ranged: [onDisk('model.bin', model)] });
    expect(Array.from(r.data.positions)).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6]);
    expect(reads).toEqual([['model.bin', lead, lead + 36]]);

    // an accessor that declares 2 GB of positions is refused before a byte of its buffer is read
    reads.length = 0;
    const huge = 180_000_000;
    const declared = { ...json, accessors: [{ ...(json.accessors as object[])[0], count: huge }], bufferViews: [{ buffer: 0, byteLength: 12 * huge }], buffers: [{ byteLength: 12 * huge, uri: 'model.bin' }] };
    const big = { name: 'model.bin', size: 12 * huge, read: () => (reads.push(['model.bin', 0, 0]), new Uint8Array(0)) };
    await expect(parseFiles([{ name: 'scan.gltf', bytes: utf8(JSON.stringify(declared)) }], { ranged: [big] })).rejects.toThrow(
      'scan.gltf is too large: 180000000 positions would take 5.2 GB once read, more than the 1.0 GB pointlens reads from one file (its read budget)',
    );
    expect(reads).toEqual([]);
    // a buffer that ends before the bytes its accessor spans, though it says it is long enough
    const cut = { ...onDisk('model.bin', model.subarray(0, lead + 20)), size };
    await expect(parseFiles([{ name: 'scan.gltf', bytes: utf8(JSON.stringify(withTexture)) }], { ranged: [cut] })).rejects.toThrow(
      'scan.gltf has accessor 0 (positions) of 36 bytes, but its buffer ends after 20 of them: it is truncated',
    );
  });

  it('is found by its magic number whatever its name, and a .bin goes with its .gltf when several files are dropped', async () => {
    const { parts } = await chairParts();
    const { json, bin } = gltfDocument(parts.slice(0, 1));
    expect(detectFormat('download.dat', glb(json, bin))).toBe('gltf');
    expect(detectFormat('chair.gltf', utf8(JSON.stringify(json)))).toBe('gltf');
    expect(fileGroups(['a/chair.gltf', 'b/table.gltf', 'b/table.bin', 'a/chair.bin', 'lamp.obj', 'lamp.mtl'])).toEqual([[0, 3], [1, 2], [4, 5]]);
  });
});
