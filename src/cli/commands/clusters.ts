// `pointlens clusters <file>... [--distance D] [--min-points N] [--without-planes] [--name] [--up AXIS] [--out file.ply|.las|.laz] [--las-classes FIELD]`:
// splits each file into clusters as the app's Clusters panel does (Euclidean connected components),
// one JSON line a file listing them, the largest first. --without-planes leaves out the points on a
// plane: those of the file's own `plane` field (a `pointlens planes --out` file), else of the planes
// found at the Planes panel's defaults. --name classifies each of the largest clusters as `classify`
// would the same points saved alone; --out writes the points with a `cluster` field (0 for none).
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { CLUSTER_FIELD, CLUSTER_SPACINGS, CLUSTERS_NAMED, clusterClasses, clusterPoints, checkClusterParameters, findClusters, MIN_CLUSTER_POINTS, MIN_CLUSTER_SHARE, onPlanes, type ClusterOptions } from '../../core/geometry/clusters';
import { findPlanes, PLANE_FIELD } from '../../core/geometry/planes';
import { computeBounds } from '../../core/geometry/bounds';
import { asSignedAxis, turnedGeometry } from '../../core/geometry/signedAxis';
import { pointInFile } from '../../core/io/shift';
import { fromSource } from '../../core/io/writePly';
import { classifyObject } from '../../core/ml/classifyObject';
import { clusterDecision } from '../../core/ml/roomContext';
import { looksLikeScene } from '../../core/ml/sceneOrObject';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { integerFlag, positiveFlag } from '../flags';
import { modelSession, modelsFlag, MODELS_FLAG, shapeBank } from '../models';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';
import { UP_FLAG, upFlag } from '../upFlag';

const round = (v: number, digits = 6) => Number(v.toPrecision(digits));
/** Rounded as `classify` rounds its probabilities and scores, so that the two can be read side by side. */
const fixed = (v: number, decimals: number) => Number(v.toFixed(decimals));
const roundAll = (v: readonly number[], decimals: number) => v.map((x) => Number(x.toFixed(decimals)));

/** The flags given as the clustering's options, or null after saying on stderr what is wrong with one. */
function parameters(flags: Record<string, string | boolean | undefined>): Pick<ClusterOptions, 'distance' | 'minPoints'> | null {
  const options: Pick<ClusterOptions, 'distance' | 'minPoints'> = {};
  if (flags.distance !== undefined) options.distance = positiveFlag('clusters', flags, 'distance');
  if (flags['min-points'] !== undefined) options.minPoints = integerFlag('clusters', flags, 'min-points', MIN_CLUSTER_POINTS);
  if (Object.values(options).some((v) => v === undefined)) return null;
  try {
    checkClusterParameters(options);
  } catch (e) {
    process.stderr.write(`pointlens clusters: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
  return options;
}

export const command: CliCommand = {
  name: 'clusters',
  summary: 'split the points into separate objects (Euclidean connected components), optionally off the planes, and name each with the classifier',
  usage: '[--distance D] [--min-points N] [--without-planes] [--name] [--up AXIS] [--values N] [--models folder] [--out file.ply|.las|.laz] [--las-classes FIELD] <file>...',
  flags: {
    distance: { type: 'string', description: `how far apart two points of one cluster may lie, in the file's units (default ${CLUSTER_SPACINGS} times the points' median spacing)` },
    'min-points': { type: 'string', description: `the fewest points a cluster holds (default ${100 * MIN_CLUSTER_SHARE}% of the points clustered, at least ${MIN_CLUSTER_POINTS})` },
    'without-planes': { type: 'boolean', description: `leave out the points on a plane: the file's \`${PLANE_FIELD}\` field where it has one, else the planes found as \`pointlens planes\` finds them` },
    name: { type: 'boolean', description: `classify each of the ${CLUSTERS_NAMED} largest clusters as \`classify\` would the same points saved alone` },
    up: UP_FLAG,
    values: VALUES_FLAG,
    models: MODELS_FLAG,
    out: { type: 'string', description: `also write the points as binary PLY (LAS for a name ending in .las, LAZ for .laz) with a \`${CLUSTER_FIELD}\` field: each point's cluster, 1 for the largest, 0 for none` },
    'las-classes': LAS_CLASSES_FLAG,
  },
  async run({ files, flags }) {
    const read = valuesFlag('clusters', flags);
    if (!read) return 2;
    const options = parameters(flags);
    if (!options) return 2;
    const upChoice = upFlag('clusters', flags);
    if (!upChoice) return 2;
    const models = modelsFlag('clusters', flags);
    if (!models) return 2;
    const out = outFlag('clusters', flags, files, 'the points with their clusters');
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('clusters', flags, out);
    if (lasClasses === null) return 2;
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const up = shownUp(r, upChoice);
      const positions = r.data.positions;
      const start = performance.now();
      const own = r.data.fields[PLANE_FIELD];
      const planes = flags['without-planes'] ? (own ? { from: 'file', labels: own } : { from: 'found', labels: findPlanes(positions, { up }).labels }) : undefined;
      const found = findClusters(positions, { ...options, up, ...(planes && { leaveOut: onPlanes(planes.labels) }) });
      const ms = performance.now() - start;
      const model = flags.name ? await modelSession('classification', models) : undefined;
      const inRoom = looksLikeScene(r.data, computeBounds(positions), up, r.format);
      const clusters = [];
      for (const [i, c] of found.clusters.entries()) {
        let named = {};
        if (model && i < CLUSTERS_NAMED) {
          // the cluster as a file of its own points would be read and classified
          const cloud = { kind: 'points' as const, positions: clusterPoints(positions, found.labels, i + 1, c.points), fields: {} };
          const modelUp = model.entry.input.upAxis;
          const result = await classifyObject(turnedGeometry(cloud, up, asSignedAxis(modelUp)), model.entry, model.runOutputs, { upAxis: modelUp, topK: 1, bank: shapeBank(model.entry, models) });
          const { unknown, outOfPlace } = clusterDecision(computeBounds(cloud.positions), result.top[0].label, result.unknown, { format: r.format, unit: r.unit, attributes: Object.keys(r.data.fields), origin: r.origin }, inRoom);
          named = {
            class: result.top[0].label,
            probability: fixed(result.top[0].probability, 6),
            ...(result.unknown !== undefined && { unknown, ood_score: fixed(result.oodScore!, 4) }),
            ...(outOfPlace && { out_of_place: true }),
          };
        }
        clusters.push({
          cluster: i + 1,
          points: c.points,
          min: roundAll(pointInFile(c.min, r.origin), 4),
          max: roundAll(pointInFile(c.max, r.origin), 4),
          size: c.max.map((v, a) => round(v - c.min[a])),
          box: { center: roundAll(pointInFile(c.box.center, r.origin), 4), size: c.box.size.map((v) => round(v)), yaw: round(c.box.yaw, 4) },
          ...named,
        });
      }
      if (out) writeOut('clusters', out, r.data, { [CLUSTER_FIELD]: found.labels }, { ...fromSource(r, up), classes: { [CLUSTER_FIELD]: clusterClasses(found.clusters.length) }, ...(lasClasses && { classFrom: lasClasses }) });
      return {
        file: path,
        points: found.labels.length,
        clustered: found.clustered,
        ...(planes && { planes_left_out: found.labels.length - found.clustered, planes_from: planes.from }),
        clusters,
        too_small: found.tooSmall,
        distance: round(found.distance),
        spacing: round(found.spacing),
        min_points: found.minPoints,
        up,
        ...(r.unit && { unit: r.unit }),
        ms: Number(ms.toFixed(1)),
        ...(model && { model: model.entry.id }),
        ...readWarnings(r),
      };
    });
  },
};
