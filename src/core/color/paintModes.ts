// The two shapes most colour modes take: a value per point through a colour map, or an id per
// point through a label table. Both can repaint only the points that changed.
import { sampleColorMap } from './colorMaps';
import { selectSmallest } from '../selectSmallest';
import { finiteValues, HISTOGRAM_BINS, valueHistogram, valueRange, type ScaleReading } from './scaleReading';
import type { ColorMode, ColorSettings, ColorSource } from './colorModes';
import { countLabels, labelColor, labelName, NO_CLASS_COLOR, type LabelTable, type Rgb } from './labelTable';

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
 * its range, or over the range the settings choose (values past it take the map's end colours);
 * `sign` -1 reads the values downwards (height along a -z up), so the map still runs from low to
 * high, and `shift` is added after (a height in the file's coordinates where the positions are kept
 * relative to an origin); the legend and a chosen range are in those units. A point with no value
 * (NaN, as a file may hold, or an offset not measured) is drawn grey, not as the map's low end.
 */
export function scaleMode(
  id: string,
  label: string,
  title: (s: ColorSettings) => string,
  values: (src: ColorSource) => ArrayLike<number>,
  stride = 1,
  offset: (s: ColorSettings) => number = () => 0,
  sign: (s: ColorSettings) => 1 | -1 = () => 1,
  shift: (src: ColorSource, s: ColorSettings) => number = () => 0,
): ColorMode {
  const reading = (src: ColorSource, settings: ColorSettings): ScaleReading => ({
    values: values(src),
    stride,
    offset: offset(settings),
    sign: sign(settings),
    shift: shift(src, settings),
  });
  return {
    id,
    label,
    paint: (src, settings, out, points) => {
      const v = values(src);
      const o = offset(settings);
      const sg = sign(settings);
      const [lo, hi] = settings.range ?? valueRange(reading(src, settings));
      // the shift taken off the range's ends instead of added to every value
      const from = lo - shift(src, settings);
      const scale = hi > lo ? 1 / (hi - lo) : 0;
      forPoints(out.length / 3, points, (i) => {
        const value = v[i * stride + o];
        if (Number.isFinite(value)) sampleColorMap(settings.colorMap, (sg * value - from) * scale, out, 3 * i);
        else putRgb(out, i, NO_CLASS_COLOR);
      });
    },
    reading,
    legend: (src, settings) => {
      const r = reading(src, settings);
      const [min, max] = valueRange(r);
      const [lo, hi] = settings.range ?? [min, max];
      const histogram = valueHistogram(r, [lo, hi], HISTOGRAM_BINS, src.kept);
      return { kind: 'scale', title: title(settings), colorMap: settings.colorMap, min: lo, max: hi, full: { min, max }, histogram };
    },
    quantiles: (src, settings, fractions) => {
      if (!fractions.length) return [];
      const d = finiteValues(reading(src, settings));
      if (!d.length) return fractions.map(() => 0);
      return fractions.map((f) => {
        const k = Math.min(d.length, Math.max(1, Math.round(f * (d.length - 1)) + 1));
        selectSmallest(d, d.length, k);
        return d[k - 1];
      });
    },
  };
}

/**
 * `mode`, where its values go below 0 (signed distances), drawn through the blue-white-red map with
 * 0 in its middle, white: its range, unless one is chosen, runs from -m to m, m the largest value's
 * length. Where none is below 0 it is drawn as it is.
 */
export function centredWhereSigned(mode: ColorMode): ColorMode {
  const centred = (src: ColorSource, settings: ColorSettings): ColorSettings => {
    const [lo, hi] = valueRange(mode.reading!(src, settings));
    if (!(lo < 0)) return settings;
    const m = Math.max(-lo, hi);
    return { ...settings, colorMap: 'diverging', range: settings.range ?? [-m, m] };
  };
  return { ...mode, paint: (src, settings, out, points) => mode.paint(src, centred(src, settings), out, points), legend: (src, settings) => mode.legend(src, centred(src, settings)) };
}

/** Kept counts per class as a legend's counts by id, the points none counts under -1 (no class yet). */
function countedWithNoClass(known: ArrayLike<number>, points: number): Map<number, number> {
  const byId = new Map<number, number>();
  let counted = 0;
  for (let c = 0; c < known.length; c++) counted += known[c];
  if (points > counted) byId.set(-1, points - counted);
  for (let c = 0; c < known.length; c++) if (known[c] > 0) byId.set(c, known[c]);
  return byId;
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
      const byId = known ? countedWithNoClass(known, ids(src).length) : countLabels(ids(src), src.kept);
      // where the counts are of classes, a point not given one yet (-1) is an entry only where the table names it
      if (counts) for (const v of byId.keys()) if (v < 0 && !table.entries.has(v)) byId.delete(v);
      const entries = [...byId.entries()].map(([v, count]) => ({ id: v, name: labelName(table, v, fieldName), color: labelColor(table, v), count }));
      return { kind: 'labels', title, entries };
    },
  };
}
