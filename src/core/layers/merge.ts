// Joining layers into one cloud, as CloudCompare's Edit > Merge does: every layer's points where it
// is drawn (its up axis, origin and transform), in the frame of the first, so that the result's
// file coordinates are the first layer's own. Colours are kept (a layer without them is grey), a
// field every layer has is kept as it is, a field only some have is kept with no value for the
// others (NaN for a measure, -1 for a label), and the label field `source` says which layer each
// point came from, named by the layers' names. A mesh gives its vertices, as a cloud.
import { isLabelField } from '../color/colorModes';
import { formatCount } from '../format';
import { paletteColor } from '../color/labelTable';
import { formatBytes } from '../io/limits';
import { sceneOrigin } from '../io/shift';
import type { Geometry, LengthUnit, NamedClass, PointCloud, ScalarArray } from '../types';
import { InputError } from '../types';
import { placementMatrix, type Placement } from './placement';
import { invertAffine, multiplyMatrices, type Matrix4Elements } from './transform';

/** The label field naming the layer each merged point came from. */
export const SOURCE_FIELD = 'source';

/** The colour of the points of a layer that has none, beside layers that have theirs. */
export const NO_COLOUR_GREY: [number, number, number] = [160, 160, 160];

/** One layer to merge. */
export interface MergePart {
  name: string;
  geometry: Geometry;
  /** 1 for each point taken; null: every point */
  kept: Uint8Array | null;
  /** its positions to the merged layer's; null: they are the first layer's own, copied as they are */
  matrix: Matrix4Elements | null;
  unit?: LengthUnit;
}

type ArrayType = new (length: number) => ScalarArray;

/** A field of the merged cloud: its array type, and the value of a point whose layer lacks it. */
interface FieldPlan {
  name: string;
  type: ArrayType;
  /** in every layer */
  everyPart: boolean;
  missing: number;
}

export interface MergePlan {
  /** points taken of each layer */
  counts: number[];
  points: number;
  coloured: boolean;
  /** normals are kept only where every layer has them */
  normals: boolean;
  fields: FieldPlan[];
  /** what the merged arrays take (core/io/limits' decodedBytes), checked against the read budget before they are made */
  bytes: number;
}

export interface MergeSummary {
  /** each layer's name and the points it gave */
  parts: { name: string; points: number }[];
  points: number;
  /** fields every layer has */
  kept: string[];
  /** fields only some have, with no value (NaN, or -1 for a label) for the others' points */
  filled: string[];
  /** layers with no colours beside layers with them: drawn grey */
  greyed: string[];
  /** layers without normals, for which the others' were left out */
  withoutNormals: string[];
  /** meshes, of which the vertices were taken */
  meshes: string[];
  /** layers that had a `source` field of their own, which the merge's replaces */
  sourceReplaced: string[];
  unit?: LengthUnit;
}

/** The new layer's name: "merged (3 layers)". */
export const mergedName = (layers: number): string => `merged (${layers} layers)`;

/**
 * The matrix taking the kept positions of the layer placed by `other` to those of the layer placed by
 * `first`, both as drawn: a point of `other` put there lies, drawn with `first`'s placement, where it
 * was drawn before.
 */
export function intoFrameOf(first: Placement, other: Placement): Matrix4Elements {
  const reference = sceneOrigin(first.origin, first.up);
  return multiplyMatrices(invertAffine(placementMatrix(first, reference)), placementMatrix(other, reference));
}

/** Throws the person's words where `parts` cannot be merged: fewer than two, or lengths in different units. */
export function checkMerge(parts: readonly MergePart[]): void {
  if (parts.length < 2) throw new InputError(`merging takes two layers or more, not ${parts.length}`);
  const declared = parts.filter((p) => p.unit);
  const other = declared.find((p) => p.unit !== declared[0].unit);
  // a layer's coordinates are drawn as numbers: one in feet beside one in metres only looks merged
  if (other) throw new InputError(`${declared[0].name} is in ${declared[0].unit} and ${other.name} in ${other.unit}: one cloud holds one unit, so convert one of them first (scaled by 0.3048, feet become metres)`);
}

const FLOAT_EXACT = new Set<unknown>([Float32Array, Int8Array, Uint8Array, Int16Array, Uint16Array]);
const SIGNED = new Set<unknown>([Int8Array, Int16Array, Int32Array]);
/** The signed type that holds every value of an unsigned label field and -1. */
const SIGNED_WIDER = new Map<unknown, ArrayType>([
  [Uint8Array, Int16Array],
  [Uint16Array, Int32Array],
]);

/** Whether every id of these label fields fits an Int32Array (ScanNet's files keep theirs as uint32, far below its limit). */
const fitInt32 = (arrays: readonly ScalarArray[]) => arrays.every((a) => !(a instanceof Uint32Array) || a.every((v) => v <= 0x7fffffff));

/** The type a field is merged into: its own where every layer has it in one type; else one that holds every value and the one marking none. */
function mergedType(arrays: readonly ScalarArray[], everyPart: boolean, label: boolean): ArrayType {
  const types = [...new Set(arrays.map((a) => a.constructor as ArrayType))];
  if (types.length === 1 && everyPart) return types[0];
  if (label) {
    if (types.length === 1 && SIGNED.has(types[0])) return types[0];
    if (types.length === 1 && SIGNED_WIDER.has(types[0])) return SIGNED_WIDER.get(types[0])!;
    // an id past Int32's range is kept whole, as a number that is no longer drawn as a label
    return fitInt32(arrays) ? Int32Array : Float64Array;
  }
  return types.every((t) => FLOAT_EXACT.has(t)) ? Float32Array : Float64Array;
}

const countOf = (p: MergePart) => (p.kept ? p.kept.reduce((n, v) => n + v, 0) : p.geometry.positions.length / 3);

/** What the merge of `parts` makes, from their sizes alone: nothing is allocated. */
export function planMerge(parts: readonly MergePart[]): MergePlan {
  const counts = parts.map(countOf);
  const points = counts.reduce((a, b) => a + b, 0);
  const names = [...new Set(parts.flatMap((p) => Object.keys(p.geometry.fields)))].filter((n) => n !== SOURCE_FIELD);
  const fields = names.map((name): FieldPlan => {
    const arrays = parts.flatMap((p) => (p.geometry.fields[name] ? [p.geometry.fields[name]] : []));
    const everyPart = arrays.length === parts.length;
    const label = arrays.every((a) => isLabelField(name, a));
    return { name, type: mergedType(arrays, everyPart, label), everyPart, missing: label ? -1 : NaN };
  });
  const coloured = parts.some((p) => p.geometry.colors);
  const normals = parts.every((p) => p.geometry.normals);
  const perPoint = 12 + (coloured ? 3 : 0) + (normals ? 12 : 0) + 4 + fields.reduce((n, f) => n + new f.type(0).BYTES_PER_ELEMENT, 0);
  return { counts, points, coloured, normals, fields, bytes: points * perPoint };
}

/** The classes a label field's ids stand for, where some layer names them: each id by its first name. */
function mergedClasses(parts: readonly MergePart[], name: string): NamedClass[] | undefined {
  const byId = new Map<number, NamedClass>();
  for (const p of parts) for (const c of p.geometry.fieldClasses?.[name] ?? []) if (!byId.has(c.id)) byId.set(c.id, c);
  return byId.size ? [...byId.values()].sort((a, b) => a.id - b.id) : undefined;
}

/** The `source` field's classes: each layer's index, by its name. */
export function sourceClasses(names: readonly string[]): NamedClass[] {
  return names.map((name, id) => ({ id, name, color: paletteColor(id) }));
}

/**
 * `parts` joined into one cloud, in the order given, each point where its matrix puts it. Throws
 * where the merged cloud would take more than `budget` bytes, before making it.
 */
export function mergeParts(parts: readonly MergePart[], budget: number): { cloud: PointCloud; summary: MergeSummary } {
  checkMerge(parts);
  const plan = planMerge(parts);
  if (plan.bytes > budget) throw new InputError(`the ${formatCount(plan.points)} points merged would take ${formatBytes(plan.bytes)}, more than the ${formatBytes(budget)} read budget`);
  const n = plan.points;
  const positions = new Float32Array(3 * n);
  const colors = plan.coloured ? new Uint8Array(3 * n) : undefined;
  const normals = plan.normals ? new Float32Array(3 * n) : undefined;
  const source = new Int32Array(n);
  const fields = Object.fromEntries(plan.fields.map((f) => [f.name, new f.type(n)]));
  let at = 0;
  parts.forEach((part, index) => {
    const g = part.geometry;
    const m = part.matrix;
    // normals turn with the layer and keep their length: the matrix's scale is uniform
    const scale = m ? Math.cbrt(Math.abs(m[0] * (m[5] * m[10] - m[9] * m[6]) - m[4] * (m[1] * m[10] - m[9] * m[2]) + m[8] * (m[1] * m[6] - m[5] * m[2]))) : 1;
    const own = plan.fields.map((f) => ({ to: fields[f.name], from: g.fields[f.name] as ScalarArray | undefined, missing: f.missing }));
    for (let i = 0; i < g.positions.length / 3; i++) {
      if (part.kept && !part.kept[i]) continue;
      const [x, y, z] = [g.positions[3 * i], g.positions[3 * i + 1], g.positions[3 * i + 2]];
      for (let a = 0; a < 3; a++) {
        positions[3 * at + a] = m ? m[a] * x + m[4 + a] * y + m[8 + a] * z + m[12 + a] : g.positions[3 * i + a];
        if (colors) colors[3 * at + a] = g.colors ? g.colors[3 * i + a] : NO_COLOUR_GREY[a];
        if (normals) {
          const [u, v, w] = [g.normals![3 * i], g.normals![3 * i + 1], g.normals![3 * i + 2]];
          normals[3 * at + a] = m ? (m[a] * u + m[4 + a] * v + m[8 + a] * w) / scale : g.normals![3 * i + a];
        }
      }
      for (const f of own) f.to[at] = f.from ? f.from[i] : f.missing;
      source[at] = index;
      at++;
    }
  });
  const names = parts.map((p) => p.name);
  const fieldClasses: Record<string, NamedClass[]> = { [SOURCE_FIELD]: sourceClasses(names) };
  for (const f of plan.fields) {
    const classes = mergedClasses(parts, f.name);
    if (classes) fieldClasses[f.name] = classes;
  }
  const cloud: PointCloud = { kind: 'points', positions, ...(colors && { colors }), ...(normals && { normals }), fields: { ...fields, [SOURCE_FIELD]: source }, fieldClasses };
  const unit = parts.find((p) => p.unit)?.unit;
  const summary: MergeSummary = {
    parts: parts.map((p, i) => ({ name: p.name, points: plan.counts[i] })),
    points: n,
    kept: plan.fields.filter((f) => f.everyPart).map((f) => f.name),
    filled: plan.fields.filter((f) => !f.everyPart).map((f) => f.name),
    greyed: plan.coloured ? parts.filter((p) => !p.geometry.colors).map((p) => p.name) : [],
    withoutNormals: plan.normals || !parts.some((p) => p.geometry.normals) ? [] : parts.filter((p) => !p.geometry.normals).map((p) => p.name),
    meshes: parts.filter((p) => p.geometry.kind === 'mesh').map((p) => p.name),
    sourceReplaced: parts.filter((p) => SOURCE_FIELD in p.geometry.fields).map((p) => p.name),
    ...(unit && { unit }),
  };
  return { cloud, summary };
}

const list = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);

/** What the merge did that a person should know: fields filled, layers greyed, normals left out, meshes taken as vertices. */
export function mergeNotes(summary: MergeSummary): string[] {
  const notes: string[] = [];
  if (summary.filled.length) notes.push(`${list(summary.filled)} ${summary.filled.length === 1 ? 'is' : 'are'} not in every layer: the points of the others have none (NaN, or -1 for a label).`);
  if (summary.greyed.length) notes.push(`${list(summary.greyed)} had no colours: ${summary.greyed.length === 1 ? 'its' : 'their'} points are grey.`);
  if (summary.withoutNormals.length) notes.push(`${list(summary.withoutNormals)} had no normals: the others' were left out.`);
  if (summary.meshes.length) notes.push(`${list(summary.meshes)} ${summary.meshes.length === 1 ? 'is a mesh: its' : 'are meshes: their'} vertices were taken, as points.`);
  if (summary.sourceReplaced.length) notes.push(`${list(summary.sourceReplaced)} had a ${SOURCE_FIELD} field: the merge's, naming the layers, replaces it.`);
  return notes;
}
