// The training shapes a classified shape is nearest to: the evidence behind the open-set score. The
// classifier's nearest-neighbour score is the cosine distance to the closest of its bank's rows
// (each the activations of one view of one training shape), so the rows nearest a shape say what
// the model compared it with. A shape whose nearest rows are all far, or of several classes, is one
// a person should doubt, whatever the top class says.
import { selectSmallest } from '../selectSmallest';
import type { BankContract } from './manifest';

/** One bank row: the training shape (its class, its source data set and its key there) and the turn about up it was seen at. */
export interface BankRow {
  class: string;
  source: string;
  shape: string;
  view: number;
}

export interface ShapeBank {
  views: number;
  rows: BankRow[];
}

/** A bank row near the classified shape: its cosine distance, and the training shape where the bank's file is at hand. */
export interface NearestShape {
  row: number;
  distance: number;
  class?: string;
  source?: string;
  shape?: string;
}

/** How many nearest training shapes a classification reports. */
export const NEAREST_SHAPES = 3;

/** The bank file's rows from its text, checked against the manifest's contract before anything reads them. */
export function parseShapeBank(text: string, contract: BankContract): ShapeBank {
  const where = `models/${contract.file}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  if (typeof json !== 'object' || json === null) throw new Error(`${where} is not a JSON object`);
  const { views, rows } = json as { views?: unknown; rows?: unknown };
  if (!Number.isInteger(views) || (views as number) < 1) throw new Error(`${where}: views must be a positive integer`);
  if (!Array.isArray(rows) || rows.length !== contract.rows) {
    throw new Error(`${where} names ${Array.isArray(rows) ? rows.length : 'no'} rows where the model's bank has ${contract.rows}`);
  }
  rows.forEach((r: Partial<BankRow>, i) => {
    if (typeof r?.class !== 'string' || typeof r.source !== 'string' || typeof r.shape !== 'string' || !Number.isInteger(r.view)) {
      throw new Error(`${where}: row ${i} needs a class, source, shape and view`);
    }
  });
  return { views: views as number, rows: rows as BankRow[] };
}

/**
 * The `k` rows nearest a shape, nearest first, from the similarity output [views, rows]: a row's
 * distance is 1 minus its similarity, averaged over the views, as the open-set score averages each
 * view's nearest distance (with one view, the first row's distance is that score).
 */
export function nearestRows(similarity: Float32Array, views: number, rows: number, k: number): NearestShape[] {
  if (similarity.length !== views * rows) throw new Error(`the bank similarities hold ${similarity.length} values, not ${views} views of ${rows} rows`);
  const distance = new Float64Array(rows);
  for (let v = 0; v < views; v++) for (let r = 0; r < rows; r++) distance[r] += (1 - similarity[v * rows + r]) / views;
  const ids = Int32Array.from({ length: rows }, (_, r) => r);
  const n = Math.min(k, rows);
  selectSmallest(distance, rows, n, ids);
  return Array.from({ length: n }, (_, i) => ({ row: ids[i], distance: distance[i] })).sort((a, b) => a.distance - b.distance || a.row - b.row);
}

/** The rows with their training shapes' names. */
export function namedRows(nearest: NearestShape[], bank: ShapeBank): NearestShape[] {
  return nearest.map((n) => {
    const { class: label, source, shape } = bank.rows[n.row];
    return { ...n, class: label, source, shape };
  });
}

const SOURCE_NAMES: Record<string, string> = {
  modelnet40: 'ModelNet40',
  shapenetcore: 'ShapeNetCore',
  sweethome3d: 'Sweet Home 3D',
  'cc-object-models': 'cc-object-models',
};

/** A row's data set as people know it. */
export function sourceName(source: string): string {
  return SOURCE_NAMES[source] ?? source;
}

/** A training shape's key short enough for a panel line: its last part, cut at 24 characters (the whole key goes in a tooltip). */
export function shapeLabel(shape: string): string {
  const last = shape.slice(shape.lastIndexOf('/') + 1);
  return last.length > 24 ? `${last.slice(0, 23)}…` : last;
}
