// Colour modes that a class overlay with confidences and the file's own truth adds: how sure the
// model is, its classes where it is sure, the truth in the model's classes and colours, and where
// the prediction is right or wrong.
import { sampleColorMap } from './colorMaps';
import type { ColorMode, ColorModeProvider, ColorSource, LabelOverlay } from './colorModes';
import { formatNumber } from '../format';
import { labelColor, labelTableFromClasses, NO_CLASS_COLOR, withNoClass, type Rgb } from './labelTable';
import { forPoints, labelMode, putRgb } from './paintModes';
import { HISTOGRAM_BINS, valueHistogram, type ScaleReading } from './scaleReading';

const RIGHT: Rgb = [64, 190, 100];
const WRONG: Rgb = [225, 60, 60];
const UNSURE: Rgb = [150, 150, 158];
const UNSURE_ID = -2;

function current(src: ColorSource, overlay: LabelOverlay): LabelOverlay {
  return src.overlays.find((o) => o.id === overlay.id) ?? overlay;
}

/** The model's confidence in each point's class, 0 to 1. */
function confidenceReading(src: ColorSource, overlay: LabelOverlay): ScaleReading {
  return { values: current(src, overlay).confidence!, stride: 1, offset: 0, sign: 1, shift: 0 };
}

/** 0 right, 1 wrong, 2 unlabelled (or not predicted yet), per point. */
function rightOrWrong(o: LabelOverlay): Uint8Array {
  const truth = o.truth!;
  const out = new Uint8Array(truth.length);
  for (let i = 0; i < truth.length; i++) out[i] = truth[i] < 0 || o.values[i] < 0 ? 2 : truth[i] === o.values[i] ? 0 : 1;
  return out;
}

/** Point i's class where it was decided at least `at` sure, UNSURE_ID where less, -1 where not decided yet. */
function sureClass(o: LabelOverlay, i: number, at: number): number {
  return o.values[i] < 0 ? -1 : o.confidence![i] >= at ? o.values[i] : UNSURE_ID;
}

/** The classes where the model is sure of them, the other points grey: what to trust on a scan it never saw. */
function sureMode(overlay: LabelOverlay, at: number): ColorMode {
  const table = {
    entries: new Map([
      [UNSURE_ID, { id: UNSURE_ID, name: `unsure (below ${formatNumber(at * 100, 0)}%)`, color: UNSURE }],
      ...withNoClass(labelTableFromClasses(overlay.classes), overlay.noClassName).entries,
    ]),
  };
  const mode = labelMode(`sure:${overlay.id}`, `${overlay.label}: sure points`, 'Sure points', (s) => {
    const o = current(s, overlay);
    return Int32Array.from({ length: o.values.length }, (_, i) => sureClass(o, i, at));
  }, table, 'class');
  return {
    ...mode,
    // a few points at a time while the overlay grows: only they are looked at
    paint: (s, _settings, out, points) => {
      const o = current(s, overlay);
      forPoints(o.values.length, points, (i) => putRgb(out, i, labelColor(table, sureClass(o, i, at))));
    },
  };
}

export const sceneColorModes: ColorModeProvider = (src) =>
  src.overlays.flatMap((overlay) => [
    ...(overlay.confidence
      ? [
          {
            id: `confidence:${overlay.id}`,
            label: `${overlay.label}: confidence`,
            paint: (s, settings, out, points) => {
              const conf = current(s, overlay).confidence!;
              const [lo, hi] = settings.range ?? [0, 1];
              const scale = hi > lo ? 1 / (hi - lo) : 0;
              forPoints(conf.length, points, (i) => sampleColorMap(settings.colorMap, (conf[i] - lo) * scale, out, 3 * i));
            },
            reading: (s) => confidenceReading(s, overlay),
            legend: (s, settings) => {
              const [min, max] = settings.range ?? [0, 1];
              const histogram = valueHistogram(confidenceReading(s, overlay), [min, max], HISTOGRAM_BINS, s.kept);
              return { kind: 'scale', title: 'Confidence', colorMap: settings.colorMap, min, max, full: { min: 0, max: 1 }, histogram };
            },
          } satisfies ColorMode,
        ]
      : []),
    ...(overlay.confidence && overlay.sureAbove !== undefined ? [sureMode(overlay, overlay.sureAbove)] : []),
    ...(overlay.truth
      ? [
          labelMode(
            `truth:${overlay.id}`,
            'Ground truth (model classes)',
            'Ground truth',
            (s) => current(s, overlay).truth!,
            withNoClass(labelTableFromClasses(overlay.classes), 'unlabelled'),
            'class',
          ),
          labelMode(`error:${overlay.id}`, 'Right / wrong', 'Prediction against truth', (s) => rightOrWrong(current(s, overlay)), {
            entries: new Map([
              [0, { id: 0, name: 'right', color: RIGHT }],
              [1, { id: 1, name: 'wrong', color: WRONG }],
              [2, { id: 2, name: 'unlabelled', color: NO_CLASS_COLOR }],
            ]),
          }, 'class'),
        ]
      : []),
  ]);
