// Colour modes: each turns a layer's arrays into one rgb colour per point (or vertex). Features
// register providers here (a class overlay, an error colouring) instead of the viewer switching
// on mode names; the viewer only rewrites its colour attribute with whatever the mode paints.
import type { MeshGroup, ScalarArray, UpAxis } from '../types';
import { sampleColorMap, type ColorMapId } from './colorMaps';
import { countLabels, labelColor, labelName, labelTableFromClasses, type LabelTable, type Rgb } from './labelTable';

/** Per-point class ids attached to a layer by a feature (e.g. predicted segmentation). */
export interface LabelOverlay {
  id: string;
  /** shown in the colour-mode list, e.g. "Predicted class" */
  label: string;
  values: Int32Array | Uint8Array | Uint16Array;
  /** class i of `values` is classes[i]; from the model manifest */
  classes: readonly { name: string; color: Rgb }[];
  confidence?: Float32Array;
}

/** What a colour mode may read: a layer's arrays. */
export interface ColorSource {
  positions: Float32Array;
  colors?: Uint8Array;
  normals?: Float32Array;
  fields: Record<string, ScalarArray>;
  overlays: readonly LabelOverlay[];
  mesh?: { indices: Uint32Array; groups: readonly MeshGroup[] };
}

export interface ColorSettings {
  colorMap: ColorMapId;
  /** rgb 0..255 */
  uniformColor: Rgb;
  upAxis: UpAxis;
  /** label ids the person hid in the legend of this mode */
  hiddenLabels?: ReadonlySet<number>;
}

export interface LegendEntry {
  id: number;
  name: string;
  color: Rgb;
  count: number;
}

export type ColorLegend =
  | { kind: 'scale'; title: string; colorMap: ColorMapId; min: number; max: number }
  | { kind: 'labels'; title: string; entries: LegendEntry[] };

export interface ColorMode {
  /** stable id kept in the view settings, e.g. "rgb", "field:intensity", "overlay:segmentation" */
  id: string;
  label: string;
  /**
   * Writes rgb 0..1 for every point into `out` (length 3 * points) and returns what a legend
   * shows. Label modes also clear `visible` (1 per point, set by the caller) where a point's
   * label is hidden.
   */
  paint(src: ColorSource, settings: ColorSettings, out: Float32Array, visible?: Uint8Array): ColorLegend | null;
}

/** Offers the modes that make sense for a source (a field mode only where the field exists). */
export type ColorModeProvider = (src: ColorSource) => ColorMode[];

// `pred` is what pointlens writes for predicted classes (core/ml/exportResults.ts).
const LABEL_FIELD = /(^|_)(label|labels|instance|instances|segment|segments|class|classification|part|sem|ins|pred)(_|$)/i;

/** Whether a per-point field holds ids (drawn through a label table) rather than a measure. */
export function isLabelField(name: string, values: ScalarArray): boolean {
  return LABEL_FIELD.test(name) && !(values instanceof Float32Array || values instanceof Float64Array);
}

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

function paintScale(values: ArrayLike<number>, stride: number, offset: number, map: ColorMapId, out: Float32Array): [number, number] {
  const [min, max] = range(values, stride, offset);
  const scale = max > min ? 1 / (max - min) : 0;
  for (let i = offset, p = 0; i < values.length; i += stride, p += 3) sampleColorMap(map, (values[i] - min) * scale, out, p);
  return [min, max];
}

function paintLabels(
  values: ScalarArray,
  table: LabelTable,
  title: string,
  fieldName: string,
  out: Float32Array,
  hidden: ReadonlySet<number> | undefined,
  visible: Uint8Array | undefined,
): ColorLegend {
  const counts = countLabels(values);
  const lut = new Map<number, Rgb>();
  for (const id of counts.keys()) lut.set(id, labelColor(table, id));
  for (let i = 0, p = 0; i < values.length; i++, p += 3) {
    const c = lut.get(values[i])!;
    out[p] = c[0] / 255;
    out[p + 1] = c[1] / 255;
    out[p + 2] = c[2] / 255;
  }
  if (visible && hidden?.size) for (let i = 0; i < values.length; i++) if (hidden.has(values[i])) visible[i] = 0;
  const entries = [...counts.entries()].map(([id, count]) => ({ id, name: labelName(table, id, fieldName), color: lut.get(id)!, count }));
  return { kind: 'labels', title, entries };
}

const rgbMode: ColorModeProvider = (src) =>
  src.colors
    ? [
        {
          id: 'rgb',
          label: 'RGB (file colours)',
          paint: (s, _settings, out) => {
            const c = s.colors!;
            for (let i = 0; i < out.length; i++) out[i] = c[i] / 255;
            return null;
          },
        },
      ]
    : [];

const materialMode: ColorModeProvider = (src) =>
  src.mesh && src.mesh.groups.some((g) => g.color)
    ? [
        {
          id: 'material',
          label: 'Material colours',
          paint: (s, settings, out) => {
            const [r, g, b] = settings.uniformColor;
            for (let p = 0; p < out.length; p += 3) {
              out[p] = r / 255;
              out[p + 1] = g / 255;
              out[p + 2] = b / 255;
            }
            // A vertex shared by two groups takes the later group's colour: only seams differ.
            const { indices, groups } = s.mesh!;
            for (const group of groups) {
              if (!group.color) continue;
              for (let k = group.start; k < group.start + group.count; k++) out.set(group.color, indices[k] * 3);
            }
            return null;
          },
        },
      ]
    : [];

const heightMode: ColorModeProvider = () => [
  {
    id: 'height',
    label: 'Height',
    paint: (s, settings, out) => {
      const [min, max] = paintScale(s.positions, 3, settings.upAxis === 'z' ? 2 : 1, settings.colorMap, out);
      return { kind: 'scale', title: `Height (${settings.upAxis})`, colorMap: settings.colorMap, min, max };
    },
  },
];

const normalMode: ColorModeProvider = (src) =>
  src.normals
    ? [
        {
          id: 'normal',
          label: 'Normal',
          paint: (s, _settings, out) => {
            const n = s.normals!;
            for (let i = 0; i < out.length; i++) out[i] = n[i] * 0.5 + 0.5;
            return null;
          },
        },
      ]
    : [];

const uniformMode: ColorModeProvider = () => [
  {
    id: 'uniform',
    label: 'Uniform',
    paint: (_s, settings, out) => {
      const [r, g, b] = settings.uniformColor;
      for (let p = 0; p < out.length; p += 3) {
        out[p] = r / 255;
        out[p + 1] = g / 255;
        out[p + 2] = b / 255;
      }
      return null;
    },
  },
];

const fieldModes: ColorModeProvider = (src) =>
  Object.entries(src.fields).map(([name, values]): ColorMode =>
    isLabelField(name, values)
      ? {
          id: `field:${name}`,
          label: `${name} (labels)`,
          paint: (s, settings, out, visible) => paintLabels(s.fields[name], { entries: new Map() }, name, name, out, settings.hiddenLabels, visible),
        }
      : {
          id: `field:${name}`,
          label: name,
          paint: (s, settings, out) => {
            const [min, max] = paintScale(s.fields[name], 1, 0, settings.colorMap, out);
            return { kind: 'scale', title: name, colorMap: settings.colorMap, min, max };
          },
        },
  );

const overlayModes: ColorModeProvider = (src) =>
  src.overlays.map((overlay) => ({
    id: `overlay:${overlay.id}`,
    label: overlay.label,
    paint: (s, settings, out, visible) => {
      const o = s.overlays.find((x) => x.id === overlay.id) ?? overlay;
      return paintLabels(o.values, labelTableFromClasses(o.classes), o.label, 'class', out, settings.hiddenLabels, visible);
    },
  }));

export class ColorModeRegistry {
  private readonly providers: ColorModeProvider[];

  constructor(providers: ColorModeProvider[] = []) {
    this.providers = [...providers];
  }

  /** Adds a provider; returns a function that removes it again. */
  register(provider: ColorModeProvider): () => void {
    this.providers.push(provider);
    return () => {
      const i = this.providers.indexOf(provider);
      if (i >= 0) this.providers.splice(i, 1);
    };
  }

  modesFor(src: ColorSource): ColorMode[] {
    return this.providers.flatMap((p) => p(src));
  }

  find(src: ColorSource, id: string): ColorMode | undefined {
    return this.modesFor(src).find((m) => m.id === id);
  }
}

export const BUILTIN_COLOR_MODE_PROVIDERS: readonly ColorModeProvider[] = [
  rgbMode,
  materialMode,
  heightMode,
  normalMode,
  uniformMode,
  fieldModes,
  overlayModes,
];

/** The registry the app uses; features add their modes to it. */
export const colorModes = new ColorModeRegistry([...BUILTIN_COLOR_MODE_PROVIDERS]);

/** The mode a freshly loaded layer starts in: its own colours where it has them. */
export function initialColorMode(src: ColorSource): string {
  if (src.colors) return 'rgb';
  if (src.mesh?.groups.some((g) => g.color)) return 'material';
  return src.mesh ? 'uniform' : 'height';
}
