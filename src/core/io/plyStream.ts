// Binary PLY point clouds as fixed-size records for the streamed reader (recordStream): every
// chunk's whole rows go straight into the arrays the result keeps, through the same column readers
// as parsePly. Only clouds stream: a file with faces or list properties is read whole by parsePly.
import { InputError } from '../types';
import { eightBitColors, ofPoints } from './colorDepth';
import { allocateVertices, checkDeclaredSizes, findHeaderEnd, finishColors, hasWidePositions, parsePlyHeader, POSITION, readColumn, shiftPositions, vertexBytes, vertexOrigin, vertexSlots, withNotes, type PlyHeader } from './ply';
import { shiftNote } from './shift';
import { precisionWarnings } from './precision';
import { sensibleByteOrder } from './plyByteOrder';
import { firstValues, type RecordFile, type RecordSink, type SinkColumn } from './recordStream';

/**
 * The header of a PLY file from its first bytes, or null while its end has not come yet: the
 * `end_header` line must have ended too, unless `complete` (the bytes are the whole file), as
 * spaces, a CR and an LF may still follow it in the next chunk.
 */
export function plyHeaderOf(head: Uint8Array, complete = false): PlyHeader | null {
  if (head.length >= 3 && !(head[0] === 0x70 && head[1] === 0x6c && head[2] === 0x79)) throw new InputError('is not a PLY file: it does not start with "ply"');
  const end = findHeaderEnd(head);
  return end < 0 || (end === head.length && head[end - 1] !== 10 && !complete) ? null : parsePlyHeader(head);
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

/**
 * A streamable PLY file's vertices as records, `head` its first bytes (enough of its body to tell the
 * byte order its header declares wrongly: sensibleByteOrder); `fileBytes`, where known, refuses a
 * header that declares more than follows.
 */
export function plyRecords(declared: PlyHeader, head: Uint8Array, fileBytes?: number): RecordFile {
  if (!isStreamablePly(declared)) throw new Error('this PLY file cannot be read as a stream');
  if (fileBytes !== undefined) checkDeclaredSizes(declared, fileBytes - declared.bodyStart);
  const { header, warning } = sensibleByteOrder(declared, head);
  const vertex = header.elements.find((e) => e.name === 'vertex')!;
  const le = header.encoding === 'binary_little_endian';
  const warnings: string[] = warning ? [warning] : [];
  const slots = vertexSlots(vertex.properties, warnings);
  const origin = vertexOrigin(vertex, new DataView(head.buffer, head.byteOffset, head.byteLength), header.bodyStart, le);
  if (origin) warnings.push(shiftNote(origin, 'its first vertex'));
  const sink = (capacity: number): RecordSink => {
    const { out, targets } = allocateVertices({ ...vertex, count: capacity }, slots);
    if (origin) shiftPositions(targets, slots, origin);
    const columns: SinkColumn[] = [
      { array: out.positions, width: 3 },
      ...(out.normals ? [{ array: out.normals, width: 3 }] : []),
      ...(out.colors ? [{ array: out.colorFloat ?? out.colors, width: 3 }] : []),
      ...Object.values(out.fields).map((array) => ({ array, width: 1 })),
    ];
    return {
      positions: out.positions,
      read(dv, start, stride, rows, at) {
        let off = start;
        vertex.properties.forEach((p, k) => {
          const t = targets[k];
          if (t) readColumn(dv, off, stride, rows, p.type, le, { ...t, offset: t.offset + at * t.stride });
          off += p.type.size;
        });
      },
      columns: () => columns,
      colorsOf(points) {
        if (!out.colors) return undefined;
        return eightBitColors(out.colorFloat ?? out.colors, 3 * points.length, ofPoints(points), out.colorConvention);
      },
      finish(n) {
        finishColors(out);
        const fields = Object.fromEntries(Object.entries(out.fields).map(([name, a]) => [name, firstValues(a, n)]));
        const positions = firstValues(out.positions, 3 * n);
        const normals = out.normals && firstValues(out.normals, 3 * n);
        const precision = hasWidePositions(vertex) ? precisionWarnings(positions) : [];
        return withNotes(header, { data: { kind: 'points', positions, normals, colors: out.colors && firstValues(out.colors, 3 * n), fields }, warnings: [...warnings, ...precision], ...(origin && { origin }) });
      },
    };
  };
  return { bodyStart: header.bodyStart, count: vertex.count, recordBytes: vertex.properties.reduce((n, p) => n + p.type.size, 0), bytesPerPoint: vertexBytes(vertex, slots), noun: 'vertex elements', sink, origin: () => origin, ...(header.notes.up && { statedUp: header.notes.up }) };
}
