// Label look-up tables: class id -> name and colour. Built from a model manifest's classes where
// the labels are a model's, or from a generated palette where a file carries ids without names
// (ScanNet's NYU40 `label`, `instance`). The idea follows Open3D-ML's LabelLUT.

export type Rgb = [number, number, number];

export interface LabelEntry {
  id: number;
  name: string;
  /** rgb 0..255 */
  color: Rgb;
}

export interface LabelTable {
  /** entries by id; ids outside the table get `paletteColor(id)` and a generic name */
  entries: Map<number, LabelEntry>;
}

/** From a manifest's class list: class index i is label id i. */
export function labelTableFromClasses(classes: readonly { name: string; color: Rgb }[]): LabelTable {
  return { entries: new Map(classes.map((c, i) => [i, { id: i, name: c.name, color: c.color }])) };
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h * 12) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/**
 * A stable, well-spread colour for any integer id: hues step by the golden angle so that
 * neighbouring ids (which are often neighbouring objects) differ strongly; lightness alternates.
 */
export function paletteColor(id: number): Rgb {
  const h = (((id * 0.618033988749895) % 1) + 1) % 1;
  const l = id % 2 === 0 ? 0.55 : 0.68;
  return hslToRgb(h, 0.72, l);
}

/** The grey of a point with no class: unlabelled in the truth, or not decided yet. */
export const NO_CLASS_COLOR: Rgb = [90, 94, 102];

/** `table` with an entry for id -1, a point with no class, named `name` and drawn grey, where a name is given. */
export function withNoClass(table: LabelTable, name: string | undefined): LabelTable {
  return name ? { entries: new Map([[-1, { id: -1, name, color: NO_CLASS_COLOR }], ...table.entries]) } : table;
}

/** A file format's own class names, each in its palette colour. */
export function labelTableFromNames(names: ReadonlyMap<number, string>): LabelTable {
  return { entries: new Map([...names].map(([id, name]) => [id, { id, name, color: paletteColor(id) }])) };
}

export function labelColor(table: LabelTable, id: number): Rgb {
  return table.entries.get(id)?.color ?? paletteColor(id);
}

export function labelName(table: LabelTable, id: number, fieldName = 'label'): string {
  return table.entries.get(id)?.name ?? `${fieldName} ${id}`;
}

/** Counts of each distinct value, sorted by id; only of the points `kept` marks 1 where it is given. */
export function countLabels(values: ArrayLike<number>, kept?: Uint8Array): Map<number, number> {
  // Class ids are small: an array of counts is far faster than a Map over a million points.
  const DENSE = 4096;
  const dense = new Float64Array(DENSE);
  const sparse = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    if (kept && !kept[i]) continue;
    const v = values[i];
    if (v >= 0 && v < DENSE && Number.isInteger(v)) dense[v]++;
    else sparse.set(v, (sparse.get(v) ?? 0) + 1);
  }
  for (let v = 0; v < DENSE; v++) if (dense[v]) sparse.set(v, dense[v]);
  return new Map([...sparse.entries()].sort((a, b) => a[0] - b[0]));
}
