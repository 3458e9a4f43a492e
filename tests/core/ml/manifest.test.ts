// The manifest's checks on what the app relies on, here the classifier's voting contract.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/core/ml/manifest';

const shipped = JSON.parse(readFileSync(new URL('../../../models/manifest.json', import.meta.url), 'utf8'));

function withViews(views: unknown) {
  const copy = structuredClone(shipped);
  const i = copy.models.findIndex((m: { id: string }) => m.id === 'classifier');
  copy.models[i].input.views = views;
  return { copy, i };
}

describe('validateManifest: input.views', () => {
  it('accepts the shipped manifest and a positive whole number of views', () => {
    expect(() => validateManifest(shipped)).not.toThrow();
    expect(() => validateManifest(withViews(12).copy)).not.toThrow();
  });

  it('names the bad field when views is not a positive integer', () => {
    for (const bad of [0, -3, 2.5, '3']) {
      const { copy, i } = withViews(bad);
      expect(() => validateManifest(copy)).toThrow(`models/manifest.json: models[${i}].input.views must be a positive integer`);
    }
  });
});

describe('validateManifest: every field the app relies on', () => {
  const seg = shipped.models.findIndex((m: { task: string }) => m.task === 'semantic-segmentation');
  const cls = shipped.models.findIndex((m: { task: string }) => m.task === 'classification');
  // [what is broken, how, the message that names it]
  const cases: [string, (m: { models: Record<string, any>[]; version: unknown }) => void, string][] = [
    ['version', (m) => (m.version = 2), 'version must be 1'],
    ['id', (m) => delete m.models[cls].id, `models[${cls}].id must be a non-empty string`],
    ['task', (m) => (m.models[cls].task = 'detection'), `models[${cls}].task is not a known task`],
    ['bytes', (m) => (m.models[cls].bytes = 0), `models[${cls}].bytes must be a positive number`],
    ['input', (m) => delete m.models[cls].input, `models[${cls}].input is missing`],
    ['points', (m) => (m.models[cls].input.points = 10.5), `models[${cls}].input.points must be a positive integer`],
    ['features', (m) => (m.models[cls].input.features = ['x', 1]), `models[${cls}].input.features must list feature names`],
    ['layout', (m) => (m.models[cls].input.layout = 'NCB'), `models[${cls}].input.layout must be BCN or BNC`],
    ['normalization', (m) => (m.models[cls].input.normalization = 'box'), `models[${cls}].input.normalization is unknown`],
    ['upAxis', (m) => (m.models[cls].input.upAxis = 'w'), `models[${cls}].input.upAxis must be`],
    ['sampling', (m) => (m.models[cls].input.sampling = 'grid'), `models[${cls}].input.sampling must be fps or random`],
    ['outputName', (m) => delete m.models[cls].input.outputName, `models[${cls}].input needs inputName and outputName`],
    ['block', (m) => delete m.models[seg].input.block, `models[${seg}].input.block is required for segmentation`],
    ['level', (m) => (m.models[seg].input.level = 'yes'), `models[${seg}].input.level must be true or false`],
    ['output values', (m) => (m.models[seg].output.values = 'scores'), `models[${seg}].output.values must be logits or probabilities`],
    ['classes', (m) => (m.models[cls].classes = [m.models[cls].classes[0]]), `models[${cls}].classes must list at least two classes`],
    ['class name', (m) => delete m.models[cls].classes[3].name, `models[${cls}].classes[3] needs a name`],
    ['class colour', (m) => (m.models[cls].classes[2].color = [0, 300, 0]), `models[${cls}].classes[2].color must be three integers 0..255`],
    ['metrics', (m) => delete m.models[cls].metrics, `models[${cls}].metrics is missing`],
    ['data', (m) => (m.models[cls].data = {}), `models[${cls}].data.sources is missing`],
    ['instances classes', (m) => m.models[seg].instances.classes.pop(), `models[${seg}].instances.classes must list object classes and end with "none"`],
    ['instances class names', (m) => (m.models[seg].instances.classes[0] = 'piano'), `models[${seg}].instances.classes names classes the scene model does not have: piano`],
    ['instances features', (m) => m.models[seg].instances.features.pop(), `models[${seg}].instances.features must list the 7 proposal features`],
    ['instances proposals', (m) => (m.models[seg].instances.proposals.voxels = [0]), `models[${seg}].instances.proposals must give agnostic (true or false) and positive voxel sizes`],
    ['instances proposal sources', (m) => ((m.models[seg].instances.proposals.voxels = []), delete m.models[seg].instances.proposals.pieces), `models[${seg}].instances.proposals must give voxel sizes or pieces`],
    [
      'instances pieces',
      (m) => (m.models[seg].instances.proposals.pieces = { k: 0.05, minCells: 0, colourWeight: 0, maxDifference: 0.5, maxExtent: 3.5 }),
      `models[${seg}].instances.proposals.pieces must give positive k, maxDifference and maxExtent, a whole minCells of at least 1 and a colourWeight of at least 0`,
    ],
    ['instances relabelAt', (m) => (m.models[seg].instances.relabelAt = 2), `models[${seg}].instances.relabelAt must be in 0..1`],
    ['instances freePoints', (m) => (m.models[seg].instances.freePoints = 'yes'), `models[${seg}].instances.freePoints must be true or false`],
    ['instances file', (m) => delete m.models[seg].instances.file, `models[${seg}].instances.file must be a non-empty string`],
    ['duplicate id', (m) => (m.models[seg].id = m.models[cls].id), `models has the id ${shipped.models[cls].id} twice`],
  ];
  for (const [field, breakIt, message] of cases) {
    it(`refuses a manifest whose ${field} is wrong, naming it`, () => {
      const copy = structuredClone(shipped);
      breakIt(copy);
      expect(() => validateManifest(copy)).toThrow(`models/manifest.json: ${message}`);
    });
  }
});
