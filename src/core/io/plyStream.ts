// Binary PLY point clouds read as their bytes arrive: once the header is in, every chunk's whole
// rows go straight into the arrays the result keeps (the same column readers as parsePly), so a
// file is never held whole, and the points read so far can be shown before the rest has come.
// Only clouds stream: a file with faces or list properties is read whole by parsePly.
import { InputError, type PointCloud } from '../types';
import type { LoadedGeometry } from './loader';
import { allocateVertices, checkDeclaredSizes, findHeaderEnd, finishColors, parsePlyHeader, POSITION, readColumn, truncated, vertexSlots, type ColumnTarget, type PlyElement, type PlyHeader } from './ply';

/** The header of a PLY file from its first bytes, or null while its end has not come yet. */
export function plyHeaderOf(head: Uint8Array): PlyHeader | null {
  if (head.length >= 3 && !(head[0] === 0x70 && head[1] === 0x6c && head[2] === 0x79)) throw new InputError('is not a PLY file: it does not start with "ply"');
  return findHeaderEnd(head) < 0 ? null : parsePlyHeader(head);
}

/** Whether a PLY file can be read as it arrives: binary, with only vertices of fixed size (and empty other elements). */
export function isStreamablePly(header: PlyHeader): boolean {
  const vertex = header.elements.find((e) => e.name === 'vertex');
  return (
    header.encoding !== 'ascii' &&
    !!vertex &&
    header.elements.every((e) => e === vertex || e.count === 0) &&
    vertex.properties.every((p) => !p.countType) &&
    POSITION.every((n) => vertex.properties.some((p) => p.name === n))
  );
}

export class PlyPointStream {
  readonly count: number;
  private readonly vertex: PlyElement;
  private readonly stride: number;
  private readonly le: boolean;
  private readonly output: ReturnType<typeof allocateVertices>;
  private readonly warnings: string[] = [];
  /** bytes of a row cut by the end of the last chunk */
  private carry = new Uint8Array(0);
  /** rows read so far */
  rows = 0;

  /** `totalBytes`: the file's size where known, to refuse a header that declares more than follows before allocating. */
  constructor(header: PlyHeader, totalBytes?: number) {
    if (!isStreamablePly(header)) throw new Error('this PLY file cannot be read as a stream');
    if (totalBytes !== undefined) checkDeclaredSizes(header, totalBytes - header.bodyStart);
    this.vertex = header.elements.find((e) => e.name === 'vertex')!;
    this.count = this.vertex.count;
    this.stride = this.vertex.properties.reduce((n, p) => n + p.type.size, 0);
    this.le = header.encoding === 'binary_little_endian';
    this.output = allocateVertices(this.vertex, vertexSlots(this.vertex.properties, this.warnings));
  }

  /** Reads the whole rows of `chunk` (with what the previous chunk left). */
  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.carry.length) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
    }
    const rows = Math.min(Math.floor(bytes.length / this.stride), this.count - this.rows);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let off = 0;
    this.vertex.properties.forEach((p, k) => {
      const t = this.output.targets[k];
      if (t) readColumn(dv, off, this.stride, rows, p.type, this.le, { ...t, offset: t.offset + this.rows * t.stride } satisfies ColumnTarget);
      off += p.type.size;
    });
    this.rows += rows;
    // bytes after the last vertex belong to empty elements or are trailing: nothing to keep
    this.carry = this.rows < this.count ? bytes.slice(rows * this.stride) : new Uint8Array(0);
  }

  /** Every `step`-th point read so far, at most `max` of them, as a cloud of its own (copied). */
  sample(max: number): PointCloud {
    const step = Math.max(1, Math.ceil(this.rows / max));
    const n = Math.ceil(this.rows / step);
    const { positions, colors } = this.output.out;
    const cloud: PointCloud = { kind: 'points', positions: new Float32Array(n * 3), colors: colors && new Uint8Array(n * 3), fields: {} };
    for (let k = 0, i = 0; k < n; k++, i += step) {
      for (let c = 0; c < 3; c++) {
        cloud.positions[3 * k + c] = positions[3 * i + c];
        if (colors && !this.output.out.colorFloat) cloud.colors![3 * k + c] = colors[3 * i + c];
      }
    }
    if (this.output.out.colorFloat) cloud.colors = undefined;
    return cloud;
  }

  /** The cloud, once every row has come. */
  finish(): LoadedGeometry {
    if (this.rows < this.count) throw truncated(this.vertex, this.rows);
    const out = this.output.out;
    finishColors(out);
    return { data: { kind: 'points', positions: out.positions, normals: out.normals, colors: out.colors, fields: out.fields }, warnings: this.warnings };
  }
}
