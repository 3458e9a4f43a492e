// `pointlens segment <file>... [--seed N] [--up x|y|z|auto] [--values N] [--boxes axes|walls] [--truth file|s3dis] [--out labelled.ply] [--las-classes FIELD] [--models folder] [--wide]`:
// the app's scene segmenter on each scan, one JSON line each: the up axis used (chosen or detected), the unit it was read in where not
// metres, `object: true` where the shape looks like one object rather than a room (its labels are a guess), the storeys it was cut into, the ceiling found from its geometry, how far its walls are turned from its axes, points
// per class, the points it is sure of, instance boxes, and accuracy / IoU / box AP where the file carries ScanNet-style ground truth (NYU40
// `label`, `instance`), or, with `--truth s3dis`, S3DIS's 13 classes in a `segment` field (a Pointcept S3DIS room), scored
// through the mapping the training pipeline reports S3DIS with. A scan wider than any room is held back
// unsegmented without `--wide` (wideFlag.ts).
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { parseInputs } from '../readInputs';
import { integerFlag } from '../flags';
import { instanceRun, modelEntry, modelSession, modelsFlag, MODELS_FLAG } from '../models';
import { fileUpFacts } from '../../core/io/fileUp';
import { pointInFile } from '../../core/io/shift';
import { namedClasses } from '../../core/ml/exportResults';
import { fromSource } from '../../core/io/writePly';
import { withS3disLabel } from '../../core/ml/s3disTruth';
import { InputError, type Geometry } from '../../core/types';
import { recognizeScene, sceneReadUnit } from '../../core/ml/recognizeScene';
import { sceneClasses } from '../../core/ml/sceneClasses';
import { looksLikeScene, parsedWiderThanModelsKnow } from '../../core/ml/sceneOrObject';
import { computeBounds } from '../../core/geometry/bounds';
import { surePoints } from '../../core/ml/surePoints';
import { resolveUp } from '../../core/geometry/upAxis';
import { AXES } from '../../core/geometry/signedAxis';
import { BOX_FRAMES, drawnBox, type BoxFrame } from '../../core/geometry/wallTurn';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { UP_FLAG, upFlag, upReport } from '../upFlag';
import { heldTooWide, WIDE_FLAG } from '../wideFlag';

const round = (v: number, digits: number) => Number(v.toFixed(digits));
const roundAll = (v: number[], digits: number) => v.map((x) => round(x, digits));

const TRUTHS = ['file', 's3dis'];

/** The scan with its `segment` field of S3DIS classes as the NYU40 `label` the metrics read. */
function withS3disTruth(data: Geometry, path: string): Geometry {
  const fields = withS3disLabel(data.fields);
  if (typeof fields === 'string') throw new InputError(`${path} cannot be scored as S3DIS: ${fields}`);
  return { ...data, fields };
}

export const command: CliCommand = {
  name: 'segment',
  summary: 'scene semantic segmentation (ScanNet 20 classes), instance boxes and, with ground truth, IoU (WASM)',
  usage: '[--seed N] [--up x|y|z|auto] [--values N] [--boxes axes|walls] [--truth file|s3dis] [--out labelled.ply] [--las-classes FIELD] [--models folder] [--wide] <file>...',
  flags: {
    seed: { type: 'string', description: 'seeds the order of points in each block', default: '0' },
    up: UP_FLAG,
    values: VALUES_FLAG,
    boxes: { type: 'string', description: "boxes square to the file's axes, or to the room's walls where they are turned from them (each box then has a `turn`)", default: 'axes' },
    truth: { type: 'string', description: "what to score against: the file's ScanNet labels, or s3dis: a `segment` field of S3DIS's 13 classes (a Pointcept S3DIS room), mapped to ScanNet's", default: 'file' },
    out: { type: 'string', description: 'also write the cloud as binary PLY (LAS for a name ending in .las, LAZ for .laz) with `pred` (class index) and `confidence` per point' },
    'las-classes': LAS_CLASSES_FLAG,
    models: MODELS_FLAG,
    wide: WIDE_FLAG,
  },
  async run({ files, flags }) {
    const seed = integerFlag('segment', flags, 'seed', 0);
    if (seed === undefined) return 2;
    const upChoice = upFlag('segment', flags);
    if (upChoice === undefined) return 2;
    const read = valuesFlag('segment', flags);
    if (!read) return 2;
    const frame = String(flags.boxes ?? 'axes') as BoxFrame;
    if (!BOX_FRAMES.includes(frame)) {
      process.stderr.write(`pointlens segment: --boxes must be axes or walls, not "${flags.boxes}"\n`);
      return 2;
    }
    const truth = String(flags.truth ?? 'file');
    if (!TRUTHS.includes(truth)) {
      process.stderr.write(`pointlens segment: --truth must be file or s3dis, not "${flags.truth}"\n`);
      return 2;
    }
    const models = modelsFlag('segment', flags);
    if (!models) return 2;
    const out = outFlag('segment', flags, files, 'the labelled cloud');
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('segment', flags, out);
    if (lasClasses === null) return 2;
    return eachFile(files, async (inputs, path) => {
      const parsed = await parseInputs(inputs, path, read);
      const { unit: fileUnit } = parsed;
      const data = truth === 's3dis' ? withS3disTruth(parsed.data, path) : parsed.data;
      // a mesh (e.g. ScanNet's _vh_clean_2.ply) is segmented at its vertices
      const up = resolveUp(data, upChoice, fileUpFacts(parsed));
      const held = heldTooWide(flags, parsed, path, 'segmented', (scan) =>
        scan.unit ? scan : { ...scan, unit: sceneReadUnit(scan.data.positions, modelEntry('semantic-segmentation', models), up.up).unit },
      );
      if (held) return { file: path, ...held, ...readWarnings(parsed) };
      const model = await modelSession('semantic-segmentation', models);
      const entry = model.entry;
      const result = await recognizeScene(data, entry, model.run, { upAxis: up.up, unit: fileUnit, seed, runInstances: instanceRun(entry, models) });
      const { metrics } = result;
      // wider than any room the segmenter learned, or one object: said beside its labels, which are a
      // guess there; in the unit the scan was read in, where its height chose a smaller one
      const readIn = result.unit && !result.unitDeclared ? { ...parsed, unit: result.unit } : parsed;
      const widest = parsedWiderThanModelsKnow(readIn);
      const object = !looksLikeScene(data, computeBounds(data.positions), up.up, parsed.format);
      const names = sceneClasses(entry).map((c) => c.name);
      const sure = surePoints(entry, result.confidence);
      if (out) writeOut('segment', out, parsed.data, { pred: result.pred, confidence: result.confidence }, { ...fromSource(parsed, up.up), classes: { pred: namedClasses(sceneClasses(entry)) }, ...(lasClasses && { classFrom: lasClasses }) });
      return {
        file: path,
        model: entry.id,
        backend: model.backend(),
        up: upReport(up),
        ...(result.levelling && { levelling: { lean_degrees: round(result.levelling.lean, 2), levelled: result.levelling.levelled } }),
        ...(result.walls && { walls: { turned_degrees: round(result.walls.degrees, 2) } }),
        ...(result.unit && { unit: result.unit, unit_from: result.unitDeclared ? 'file' : 'height' }),
        ...(result.storeys && { storeys: { cuts_m: roundAll(result.storeys, 2) } }),
        ...(result.ceilings && { ceiling: { heights_m: roundAll(result.ceilings, 3) } }),
        ...(widest !== undefined && { widest_m: round(widest, 1) }),
        ...(object && { object: true }),
        points: result.pred.length,
        blocks: result.blocks,
        ms: round(result.ms, 1),
        classes: Object.fromEntries(names.map((n, c) => [n, result.counts[c]]).filter(([, n]) => n)),
        boxes: result.boxes.map((b) => {
          const drawn = drawnBox(b, frame);
          return {
            label: b.label,
            score: round(b.score, 4),
            center: roundAll(pointInFile(drawn.center, parsed.origin), 3),
            size: roundAll(drawn.size, 3),
            ...(drawn.turn && { turn: { about: AXES[drawn.turn.axis], degrees: round((drawn.turn.radians * 180) / Math.PI, 2) } }),
            points: b.points,
          };
        }),
        ...(sure && { sure: { above: sure.above, points: sure.points, share: round(sure.share, 4) } }),
        ...(result.instanceClassifier && { instance_classifier: result.instanceClassifier }),
        ...(result.instanceClassifierError && { instance_classifier_error: result.instanceClassifierError }),
        ...(metrics && {
          metrics: {
            oa: round(metrics.oa, 4),
            miou: round(metrics.miou, 4),
            per_class_iou: Object.fromEntries(Object.entries(metrics.per_class_iou).map(([k, v]) => [k, round(v, 4)])),
            ...(metrics.ap25 !== undefined && { ap25: round(metrics.ap25, 4) }),
            ...(metrics.ap50 !== undefined && { ap50: round(metrics.ap50, 4) }),
            labelled: metrics.labelled,
          },
        }),
        ...readWarnings(parsed),
      };
    });
  },
};
