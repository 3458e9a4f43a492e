// `pointlens classify <file>... [--top K] [--up x|y|z|auto]`: the app's classifier on each file,
// one JSON line each, with the up axis used and whether it was chosen or detected.
import type { CliCommand } from '../command';
import { eachFile } from '../eachFile';
import { integerFlag } from '../flags';
import { modelSession } from '../models';
import { parseFiles } from '../../core/io';
import { classifyObject } from '../../core/ml/classifyObject';
import { asSignedAxis, turnedGeometry } from '../../core/geometry/signedAxis';
import { resolveUp } from '../../core/geometry/upAxis';
import { UP_FLAG, upFlag, upReport } from '../upFlag';

const round = (v: number, digits: number) => Number(v.toFixed(digits));

export const command: CliCommand = {
  name: 'classify',
  summary: 'top-K classes of each object with calibrated probabilities, and whether it is none of them (the bundled classifier, WASM)',
  usage: '[--top K] [--up x|y|z|auto] <file>...',
  flags: {
    top: { type: 'string', description: 'how many classes to print', default: '5' },
    up: UP_FLAG,
  },
  async run({ files, flags }) {
    const k = integerFlag('classify', flags, 'top', 1);
    if (k === undefined) return 2;
    const upChoice = upFlag('classify', flags);
    if (upChoice === undefined) return 2;
    return eachFile(files, async (inputs, path) => {
      const parsed = await parseFiles(inputs);
      const model = await modelSession('classification');
      const up = resolveUp(parsed.data, upChoice, parsed.upAxis);
      const modelUp = model.entry.input.upAxis;
      const upright = turnedGeometry(parsed.data, up.up, asSignedAxis(modelUp));
      const t0 = performance.now();
      const result = await classifyObject(upright, model.entry, model.runOutputs, { upAxis: modelUp, topK: k });
      return {
        file: path,
        model: model.entry.id,
        backend: model.backend(),
        up: upReport(up),
        ms: round(performance.now() - t0, 2),
        views: result.views,
        top: result.top.map((t) => ({ label: t.label, probability: round(t.probability, 6) })),
        ...(result.unknown !== undefined && { unknown: result.unknown, ood_score: round(result.oodScore!, 4) }),
      };
    });
  },
};
