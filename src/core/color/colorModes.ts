// Colour modes: each turns a layer's arrays into one rgb colour per point (or vertex). The modes a
// layer offers are a pure function of its arrays (a class overlay brings its own modes), so the
// viewer only rewrites its colour attribute with whatever the chosen mode paints.
import { axisIndex, axisSign, type SignedAxis } from '../geometry/signedAxis';
import type { MeshGroup, NamedClass, ScalarArray } from '../types';
import type { ColorMapId } from './colorMaps';
import { ASPRS_TABLE, LAS_CLASS_FIELD } from '../io/lasClasses';
import { heightOfOrigin } from '../io/shift';
import { KITTI_LABEL_FIELD, SEMANTIC_KITTI_CLASSES } from '../io/semanticKitti';
import { labelTableFromClasses, labelTableFromNames, NO_CLASS_COLOR, withNoClass, type LabelTable, type Rgb } from './labelTable';
import { centredWhereSigned, forPoints, labelMode, scaleMode } from './paintModes';
import type { ScaleReading, ValueHistogram } from './scaleReading';
import { sceneColorModes } from './sceneModes';

/** Per-point class ids attached to a layer by a feature (e.g. predicted segmentation). */
export interface LabelOverlay {
  id: string;
  /** shown in the colour-mode list, e.g. "Predicted class" */
  label: string;
  values: Int32Array | Uint8Array | Uint16Array;
  /** class i of `values` is classes[i]; from the model manifest */
  classes: readonly { name: string; color: Rgb }[];
  confidence?: Float32Array;
  /** a point at least this confident counts as sure (the model's `confidence.sureAbove`) */
  sureAbove?: number;
  /** the file's ground truth in the same classes (-1 where unlabelled), for truth and right/wrong modes */
  truth?: Int32Array;
  /** points per class, kept by whoever fills `values` where it changes them a few at a time */
  counts?: Float64Array;
  /** what a point not given a class yet (-1) is called in the legend ("not segmented"), where it is drawn grey; without it such a point has no entry */
  noClassName?: string;
  /** what a value outside `classes` is called in the legend ("instance 7"); "class" by default */
  idName?: string;
}

/** What a colour mode may read: a layer's arrays. */
export interface ColorSource {
  positions: Float32Array;
  colors?: Uint8Array;
  normals?: Float32Array;
  fields: Record<string, ScalarArray>;
  /** the classes label fields' ids stand for, where the file names them (Geometry.fieldClasses) */
  fieldClasses?: Record<string, NamedClass[]>;
  overlays: readonly LabelOverlay[];
  mesh?: { indices: Uint32Array; groups: readonly MeshGroup[] };
  /** 1 for each point a clip keeps (less hidden stray points), where some are cut away: legends count only these */
  kept?: Uint8Array;
  /** what the positions are relative to (shift.ts), where the file's coordinates lie far from zero: heights are shown in the file's */
  origin?: readonly number[];
}

export interface ColorSettings {
  colorMap: ColorMapId;
  /** rgb 0..255 */
  uniformColor: Rgb;
  /** which way is up: height grows along it */
  upAxis: SignedAxis;
  /** the values a scale mode spreads its colour map over, in the legend's units; unset: the source's full range */
  range?: readonly [number, number];
}

export interface LegendEntry {
  id: number;
  name: string;
  color: Rgb;
  count: number;
}

export type ColorLegend =
  | {
      kind: 'scale';
      title: string;
      colorMap: ColorMapId;
      /** the ends of the colour map: the range chosen, else the values' full range */
      min: number;
      max: number;
      /** the values' own range */
      full: { min: number; max: number };
      /** how the values of the points kept (`ColorSource.kept`) lie over min to max */
      histogram: ValueHistogram;
    }
  | { kind: 'labels'; title: string; entries: LegendEntry[] };

export interface ColorMode {
  /** stable id kept in the view settings, e.g. "rgb", "field:intensity", "overlay:segmentation" */
  id: string;
  label: string;
  /**
   * Writes rgb 0..1 into `out` (3 per point of the source): for every point, or only for the
   * indices in `points` where a few changed.
   */
  paint(src: ColorSource, settings: ColorSettings, out: Float32Array, points?: ArrayLike<number>): void;
  /** what the legend shows for this mode */
  legend(src: ColorSource, settings: ColorSettings): ColorLegend | null;
  /** label modes: the legend entry of each point, by which the legend hides points */
  labels?(src: ColorSource): ArrayLike<number>;
  /** scale modes: how a point's value is read, in the legend's units */
  reading?(src: ColorSource, settings: ColorSettings): ScaleReading;
  /** scale modes: the values at these fractions of the points (0.5: the median), in the legend's units */
  quantiles?(src: ColorSource, settings: ColorSettings, fractions: readonly number[]): number[];
}

/** Offers the modes that make sense for a source (a field mode only where the field exists). */
export type ColorModeProvider = (src: ColorSource) => ColorMode[];

// `pred` is what pointlens writes for predicted classes (core/ml/exportResults.ts); a LAS file's
// `point_source_id` numbers its flight lines or scan positions.
const LABEL_FIELD = /(^|_)(label|labels|instance|instances|segment|segments|class|classification|part|sem|ins|pred|source)\d*(_|$)/i;

/** Whether a per-point field holds ids (drawn through a label table) rather than a measure. */
export function isLabelField(name: string, values: ScalarArray): boolean {
  return LABEL_FIELD.test(name) && !(values instanceof Float32Array || values instanceof Float64Array);
}

const rgbMode: ColorModeProvider = (src) =>
  src.colors
    ? [
        {
          id: 'rgb',
          label: 'RGB (file colours)',
          paint: (s, _settings, out, points) => {
            const c = s.colors!;
            forPoints(out.length / 3, points, (i) => {
              out[3 * i] = c[3 * i] / 255;
              out[3 * i + 1] = c[3 * i + 1] / 255;
              out[3 * i + 2] = c[3 * i + 2] / 255;
            });
          },
          legend: () => null,
        },
      ]
    : [];

function fill(out: Float32Array, [r, g, b]: Rgb): void {
  for (let p = 0; p < out.length; p += 3) {
    out[p] = r / 255;
    out[p + 1] = g / 255;
    out[p + 2] = b / 255;
  }
}

const materialMode: ColorModeProvider = (src) =>
  src.mesh && src.mesh.groups.some((g) => g.color)
    ? [
        {
          id: 'material',
          label: 'Material colours',
          paint: (s, settings, out) => {
            fill(out, settings.uniformColor);
            // A vertex shared by two groups takes the later group's colour: only seams differ.
            const { indices, groups } = s.mesh!;
            for (const group of groups) {
              if (!group.color) continue;
              for (let k = group.start; k < group.start + group.count; k++) out.set(group.color, indices[k] * 3);
            }
          },
          legend: () => null,
        },
      ]
    : [];

const heightMode: ColorModeProvider = () => [
  scaleMode('height', 'Height', (s) => `Height (${s.upAxis})`, (src) => src.positions, 3, (s) => axisIndex(s.upAxis), (s) => axisSign(s.upAxis), (src, s) => heightOfOrigin(src.origin, s.upAxis)),
];

const NO_CLASS_RGB = NO_CLASS_COLOR.map((c) => c / 255);

const normalMode: ColorModeProvider = (src) =>
  src.normals
    ? [
        {
          id: 'normal',
          label: 'Normal',
          paint: (s, _settings, out, points) => {
            const n = s.normals!;
            forPoints(out.length / 3, points, (i) => {
              // a streamed layer's node fetched since its normals were estimated has none (NaN)
              if (Number.isNaN(n[3 * i])) out.set(NO_CLASS_RGB, 3 * i);
              else for (let k = 3 * i; k < 3 * i + 3; k++) out[k] = n[k] * 0.5 + 0.5;
            });
          },
          legend: () => null,
        },
      ]
    : [];

const uniformMode: ColorModeProvider = () => [
  { id: 'uniform', label: 'Uniform', paint: (_s, settings, out) => fill(out, settings.uniformColor), legend: () => null },
];

/** Label fields whose class names a standard defines, and the standard's name. */
const KNOWN_LABELS: Record<string, { table: LabelTable; standard: string }> = {
  [KITTI_LABEL_FIELD]: { table: labelTableFromNames(SEMANTIC_KITTI_CLASSES), standard: 'SemanticKITTI' },
  [LAS_CLASS_FIELD]: { table: ASPRS_TABLE, standard: 'ASPRS' },
};

/** The standard that names a label field's classes, with its table, where one does (a LAS file's classification, SemanticKITTI's labels). */
export function standardClasses(name: string, values: ScalarArray): { table: LabelTable; standard: string } | undefined {
  return isLabelField(name, values) ? KNOWN_LABELS[name] : undefined;
}

const fieldModes: ColorModeProvider = (src) =>
  Object.entries(src.fields).map(([name, values]): ColorMode => {
    const named = src.fieldClasses?.[name];
    if (named && !(values instanceof Float32Array || values instanceof Float64Array)) {
      const table = { entries: new Map(named.map((c) => [c.id, c])) };
      return labelMode(`field:${name}`, `${name} (classes the file names)`, name, (s) => s.fields[name], table, name);
    }
    if (!isLabelField(name, values)) {
      const mode = scaleMode(`field:${name}`, name, () => name, (s) => s.fields[name]);
      // a distance (core/layers/cloudDistance's names) may be signed, and a height above another layer (core/geometry/gridDifference's) is
      return name.startsWith('distance_to_') || name.startsWith('height_above_') ? centredWhereSigned(mode) : mode;
    }
    const known = standardClasses(name, values);
    return known
      ? labelMode(`field:${name}`, `${name} (${known.standard} classes)`, `${name} (${known.standard})`, (s) => s.fields[name], known.table, name)
      : labelMode(`field:${name}`, `${name} (labels)`, name, (s) => s.fields[name], { entries: new Map() }, name);
  });

function currentOverlay(src: ColorSource, overlay: LabelOverlay): LabelOverlay {
  return src.overlays.find((o) => o.id === overlay.id) ?? overlay;
}

const overlayModes: ColorModeProvider = (src) =>
  src.overlays.map((overlay) =>
    labelMode(
      `overlay:${overlay.id}`,
      overlay.label,
      overlay.label,
      (s) => currentOverlay(s, overlay).values,
      withNoClass(labelTableFromClasses(overlay.classes), overlay.noClassName),
      overlay.idName ?? 'class',
      (s) => currentOverlay(s, overlay).counts,
    ),
  );

const PROVIDERS: readonly ColorModeProvider[] = [rgbMode, materialMode, heightMode, normalMode, uniformMode, fieldModes, overlayModes, sceneColorModes];

/** Every colour mode a source offers, in the order a menu lists them. */
export function colorModesFor(src: ColorSource): ColorMode[] {
  return PROVIDERS.flatMap((p) => p(src));
}

/** The mode a freshly loaded layer starts in: the classes it names (a labelled export), else its own colours where it has them. */
export function initialColorMode(src: ColorSource): string {
  const named = Object.keys(src.fieldClasses ?? {}).find((name) => name in src.fields);
  if (named) return `field:${named}`;
  if (src.colors) return 'rgb';
  if (src.mesh?.groups.some((g) => g.color)) return 'material';
  return src.mesh ? 'uniform' : 'height';
}

/** The mode `id` where the source offers it, else the source's own first mode (a mode of an earlier file). */
export function resolveColorMode(src: ColorSource, id: string): ColorMode {
  const modes = colorModesFor(src);
  return modes.find((m) => m.id === id) ?? modes.find((m) => m.id === initialColorMode(src))!;
}

/** 1 for each point to draw, 0 where the legend hides the point's label; undefined when nothing is hidden. */
export function visibleMask(mode: ColorMode, src: ColorSource, hidden: ReadonlySet<number>): Uint8Array | undefined {
  if (!mode.labels || !hidden.size) return undefined;
  const ids = mode.labels(src);
  const visible = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++) visible[i] = hidden.has(ids[i]) ? 0 : 1;
  return visible;
}
