// Colour modes that a scene segmentation adds: how sure the model is, the file's own truth in the
// model's classes and colours, and where the prediction is right or wrong.
import { truthClasses } from '../ml/sceneMetrics';
import { IGNORED } from '../ml/scannetLabels';
import { sampleColorMap } from './colorMaps';
import type { ColorLegend, ColorMode, ColorModeProvider, ColorSettings, ColorSource, LabelOverlay } from './colorModes';
import type { Rgb } from './labelTable';

const RIGHT: Rgb = [64, 190, 100];
const WRONG: Rgb = [225, 60, 60];
const UNLABELLED: Rgb = [90, 94, 102];

function put(out: Float32Array, p: number, c: Rgb): void {
  out[p] = c[0] / 255;
  out[p + 1] = c[1] / 255;
  out[p + 2] = c[2] / 255;
}

function current(src: ColorSource, overlay: LabelOverlay): LabelOverlay {
  return src.overlays.find((o) => o.id === overlay.id) ?? overlay;
}

/** Scene overlays carry ScanNet-20 classes, which the file's NYU40 `label` field maps onto. */
function truthOf(src: ColorSource): Int32Array | undefined {
  return truthClasses({ kind: 'points', positions: src.positions, fields: src.fields });
}

export const sceneColorModes: ColorModeProvider = (src) =>
  src.overlays.flatMap((overlay) => {
    const modes: ColorMode[] = [];
    if (overlay.confidence) {
      modes.push({
        id: `confidence:${overlay.id}`,
        label: `${overlay.label}: confidence`,
        paint: (s: ColorSource, settings: ColorSettings, out: Float32Array): ColorLegend => {
          const conf = current(s, overlay).confidence!;
          for (let i = 0; i < conf.length; i++) sampleColorMap(settings.colorMap, conf[i], out, 3 * i);
          return { kind: 'scale', title: 'Confidence', colorMap: settings.colorMap, min: 0, max: 1 };
        },
      });
    }
    if (src.fields.label && overlay.id === 'segmentation') {
      modes.push({
        id: `truth:${overlay.id}`,
        label: 'Ground truth (model classes)',
        paint: (s: ColorSource, settings: ColorSettings, out: Float32Array, visible?: Uint8Array): ColorLegend => {
          const o = current(s, overlay);
          const truth = truthOf(s)!;
          const counts = new Map<number, number>();
          for (let i = 0; i < truth.length; i++) {
            const t = truth[i];
            put(out, 3 * i, t === IGNORED ? UNLABELLED : o.classes[t].color);
            counts.set(t, (counts.get(t) ?? 0) + 1);
            if (visible && settings.hiddenLabels?.has(t)) visible[i] = 0;
          }
          const entries = [...counts.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([id, count]) => ({ id, name: id === IGNORED ? 'unlabelled' : o.classes[id].name, color: id === IGNORED ? UNLABELLED : o.classes[id].color, count }));
          return { kind: 'labels', title: 'Ground truth', entries };
        },
      });
      modes.push({
        id: `error:${overlay.id}`,
        label: 'Right / wrong',
        paint: (s: ColorSource, settings: ColorSettings, out: Float32Array, visible?: Uint8Array): ColorLegend => {
          const pred = current(s, overlay).values;
          const truth = truthOf(s)!;
          const n = [0, 0, 0];
          for (let i = 0; i < truth.length; i++) {
            const k = truth[i] === IGNORED || pred[i] < 0 ? 2 : truth[i] === pred[i] ? 0 : 1;
            n[k]++;
            put(out, 3 * i, [RIGHT, WRONG, UNLABELLED][k]);
            if (visible && settings.hiddenLabels?.has(k)) visible[i] = 0;
          }
          return {
            kind: 'labels',
            title: 'Prediction against truth',
            entries: [
              { id: 0, name: 'right', color: RIGHT, count: n[0] },
              { id: 1, name: 'wrong', color: WRONG, count: n[1] },
              { id: 2, name: 'unlabelled', color: UNLABELLED, count: n[2] },
            ],
          };
        },
      });
    }
    return modes;
  });
