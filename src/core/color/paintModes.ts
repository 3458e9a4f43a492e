// The two shapes most colour modes take: a value per point through a colour map, or an id per
// point through a label table. Both can repaint only the points that changed.
import { sampleColorMap } from './colorMaps';
import type { ColorMode, ColorSettings, ColorSource } from './colorModes';
import { countLabels, labelColor, labelName, type LabelTable, type Rgb } from './labelTable';

function range(values: ArrayLike<number>, stride = 1, offset = 0): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = offset; i < values.length; i += stride) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}

/** Calls `each(i)` for every point, or for the given ones. */
export function forPoints(count: number, points: ArrayLike<number> | undefined, each: (i: number) => void): void {
  if (points) for (let k = 0; k < points.length; k++) each(points[k]);
  else for (let i = 0; i < count; i++) each(i);
}

export function putRgb(out: Float32Array, i: number, c: Rgb): void {
  out[3 * i] = c[0] / 255;
  out[3 * i + 1] = c[1] / 255;
  out[3 * i + 2] = c[2] / 255;
}

/**
 * A mode that maps one value per point (every `stride`-th from `offset`) through a colour map over
 * its range; `sign` -1 reads the values downwards (height along a -z up), so the map still runs
 * from low to high.
 */
export function scaleMode(
  id: string,
  label: string,
  title: (s: ColorSettings) => string,
  values: (src: ColorSource) => ArrayLike<number>,
  stride = 1,
  offset: (s: ColorSettings) => number = () => 0,
  sign: (s: ColorSettings) => 1 | -1 = () => 1,
): ColorMode {
  return {
    id,
    label,
    paint: (src, settings, out, points) => {
      const v = values(src);
      const o = offset(settings);
      const [min, max] = range(v, stride, o);
      const scale = max > min ? 1 / (max - min) : 0;
      const up = sign(settings) > 0;
      forPoints(out.length / 3, points, (i) => sampleColorMap(settings.colorMap, (up ? v[i * stride + o] - min : max - v[i * stride + o]) * scale, out, 3 * i));
    },
    legend: (src, settings) => {
      const [min, max] = range(values(src), stride, offset(settings));
      return sign(settings) > 0
        ? { kind: 'scale', title: title(settings), colorMap: settings.colorMap, min, max }
        : { kind: 'scale', title: title(settings), colorMap: settings.colorMap, min: -max, max: -min };
    },
  };
}

/** A mode that draws one id per point through a label table, with a legend of counts per id. */
export function labelMode(
  id: string,
  label: string,
  title: string,
  ids: (src: ColorSource) => ArrayLike<number>,
  table: LabelTable,
  fieldName: string,
  counts?: (src: ColorSource) => ArrayLike<number> | undefined,
): ColorMode {
  return {
    id,
    label,
    labels: ids,
    paint: (src, _settings, out, points) => {
      const values = ids(src);
      const lut = new Map<number, Rgb>();
      forPoints(values.length, points, (i) => {
        const v = values[i];
        let c = lut.get(v);
        if (!c) lut.set(v, (c = labelColor(table, v)));
        putRgb(out, i, c);
      });
    },
    legend: (src) => {
      // counts kept up to date cover every point; a clip's kept points are counted afresh
      const known = src.kept ? undefined : counts?.(src);
      const byId = known ? new Map([...Array.from(known).entries()].filter(([, n]) => n > 0)) : countLabels(ids(src), src.kept);
      // where the counts are of classes, a point not given one yet (-1) is no entry
      if (counts) for (const v of byId.keys()) if (v < 0) byId.delete(v);
      const entries = [...byId.entries()].map(([v, count]) => ({ id: v, name: labelName(table, v, fieldName), color: labelColor(table, v), count }));
      return { kind: 'labels', title, entries };
    },
  };
}
