// `pointlens classify <file>... [--top K] [--up x|y|z|auto] [--values N] [--explain] [--models folder] [--wide]`: the app's classifier on
// each file, one JSON line each, with the up axis used and whether it was chosen or detected;
// `--explain` adds the critical points (PointNet's critical set) in the file's own coordinates. A scan
// wider than any object is unknown by its width alone, and held back unclassified without `--wide` (wideFlag.ts).
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { parseInputs } from '../readInputs';
import { integerFlag } from '../flags';
import { modelSession, modelsFlag, MODELS_FLAG, shapeBank } from '../models';
import { shortestFloat32 } from '../../core/format';
import { fileUpFacts } from '../../core/io/fileUp';
import { classifyObject } from '../../core/ml/classifyObject';
import { proportionsReason, type ProportionsCheck } from '../../core/ml/proportions';
import { parsedWiderThanModelsKnow, unknownOrTooWide } from '../../core/ml/sceneOrObject';
import { asSignedAxis, turnedGeometry, turnUp, type SignedAxis } from '../../core/geometry/signedAxis';
import { resolveUp } from '../../core/geometry/upAxis';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { UP_FLAG, upFlag, upReport } from '../upFlag';
import { heldTooWide, WIDE_FLAG } from '../wideFlag';

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** Packed points turned back from the model's up to the file's, as [x, y, z] rows. */
function inFileFrame(positions: Float32Array, modelUp: SignedAxis, fileUp: SignedAxis): number[][] {
  const back = positions.slice();
  turnUp(back, modelUp, fileUp);
  return Array.from({ length: back.length / 3 }, (_, i) => [0, 1, 2].map((k) => shortestFloat32(back[3 * i + k])));
}

/** One ratio against the top class's training range, with the words that say why where it lies outside. */
function proportionsJson(check: ProportionsCheck, label: string) {
  const reason = proportionsReason(check, label);
  return { ratio: check.ratio, value: round(check.value, 4), range: check.range.map((v) => round(v, 4)), ...(reason && { outside: check.outside, reason }) };
}

export const command: CliCommand = {
  name: 'classify',
  summary: 'top-K classes of each object with calibrated probabilities, and whether it is none of them (the bundled classifier, WASM)',
  usage: '[--top K] [--up x|y|z|auto] [--values N] [--explain] [--models folder] [--wide] <file>...',
  flags: {
    top: { type: 'string', description: 'how many classes to print', default: '5' },
    up: UP_FLAG,
    values: VALUES_FLAG,
    explain: {
      type: 'boolean',
      description: 'also print "critical": the sampled points that decide the global feature (for a mesh, surface samples), in the file\'s coordinates',
    },
    models: MODELS_FLAG,
    wide: WIDE_FLAG,
  },
  async run({ files, flags }) {
    const k = integerFlag('classify', flags, 'top', 1);
    if (k === undefined) return 2;
    const upChoice = upFlag('classify', flags);
    if (upChoice === undefined) return 2;
    const read = valuesFlag('classify', flags);
    if (!read) return 2;
    const models = modelsFlag('classify', flags);
    if (!models) return 2;
    return eachFile(files, async (inputs, path) => {
      const parsed = await parseInputs(inputs, path, read);
      const held = heldTooWide(flags, parsed, path, 'classified');
      if (held) return { file: path, unknown: true, ...held, ...readWarnings(parsed) };
      const model = await modelSession('classification', models);
      const up = resolveUp(parsed.data, upChoice, fileUpFacts(parsed));
      const modelUp = model.entry.input.upAxis;
      const upright = turnedGeometry(parsed.data, up.up, asSignedAxis(modelUp));
      const t0 = performance.now();
      const result = await classifyObject(upright, model.entry, model.runOutputs, { upAxis: modelUp, topK: k, bank: shapeBank(model.entry, models) });
      const widest = parsedWiderThanModelsKnow(parsed);
      if (flags.explain && !result.critical) throw new Error(`the model ${model.entry.id} gives no critical points (its manifest entry has no "explain" outputs)`);
      return {
        file: path,
        model: model.entry.id,
        backend: model.backend(),
        up: upReport(up),
        ms: round(performance.now() - t0, 2),
        views: result.views,
        top: result.top.map((t) => ({ label: t.label, probability: round(t.probability, 6) })),
        ...(result.unknown !== undefined && { unknown: unknownOrTooWide(result.unknown, widest), ood_score: round(result.oodScore!, 4) }),
        ...(result.unknownBecause && { unknown_because: result.unknownBecause }),
        ...(result.proportions && { proportions: result.proportions.map((c) => proportionsJson(c, result.top[0].label)) }),
        ...(widest !== undefined && { widest_m: round(widest, 1) }),
        ...(result.nearest && { nearest: result.nearest.map(({ distance, ...shape }) => ({ ...shape, distance: round(distance, 4) })) }),
        ...(flags.explain && result.critical && { critical: inFileFrame(result.critical.positions, asSignedAxis(modelUp), up.up) }),
        ...readWarnings(parsed),
      };
    });
  },
};
