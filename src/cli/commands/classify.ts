// `pointlens classify <file>... [--top K]`: the app's classifier on each file, one JSON line each.
import type { CliCommand } from '../command';
import { eachFile } from '../eachFile';
import { integerFlag } from '../flags';
import { modelSession } from '../models';
import { parseFiles } from '../../core/io';
import { classifyObject } from '../../core/ml/classifyObject';

const round = (v: number, digits: number) => Number(v.toFixed(digits));

export const command: CliCommand = {
  name: 'classify',
  summary: 'top-K classes of each object with calibrated probabilities, and whether it is none of them (the bundled classifier, WASM)',
  usage: '[--top K] <file>...',
  flags: {
    top: { type: 'string', description: 'how many classes to print', default: '5' },
  },
  async run({ files, flags }) {
    const k = integerFlag('classify', flags, 'top', 1);
    if (k === undefined) return 2;
    return eachFile(files, async (inputs, path) => {
      const parsed = await parseFiles(inputs);
      const model = await modelSession('classification');
      const t0 = performance.now();
      const result = await classifyObject(parsed.data, model.entry, model.runOutputs, { upAxis: parsed.upAxis ?? 'y', topK: k });
      return {
        file: path,
        model: model.entry.id,
        backend: model.backend(),
        ms: round(performance.now() - t0, 2),
        views: result.views,
        top: result.top.map((t) => ({ label: t.label, probability: round(t.probability, 6) })),
        ...(result.unknown !== undefined && { unknown: result.unknown, ood_score: round(result.oodScore!, 4) }),
      };
    });
  },
};
