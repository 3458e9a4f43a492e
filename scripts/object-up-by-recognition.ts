// `npx tsx scripts/object-up-by-recognition.ts [--network=upright_gpu]`: how well which way up an
// object stands is found, and what that does to its classification. Reads the open-set protocol's shapes
// (`make -C training cls-orientation-shapes`), turns each by one of the 24 axis turns (seeded by its
// cache row), and for every one of the six directions asks the surface cues (their probability),
// the upright network (its probability) and the classifier (its nearest-neighbour distance,
// calibrated top-1 probability and decision) with that direction taken as up. Each rule picks a
// direction per shape and is scored on the validation knowns and validation-unknown classes:
// - `true`, `geometric` (the surface cues alone, what ships), `network`, `combined` (both multiplied),
//   `gated` (the product only where the network is sure);
// - letting the classifier choose: `log P(d) - l * ood(d)` and `log P(d) + l * log p1(d)` over a grid
//   of l, everywhere, only where the cues are unsure, or with the threshold refitted (all rejected);
// - hints (suggest the direction the classifier likes best where the shape is flagged; rejected);
// - the network's doubt as a second open-set signal, turned and as stored (rejected).
// Then the format rule (upAxis.ts upFromEstimate: an object keeps its format's y unless the estimate
// is sure of another axis) on the shapes as stored (y up) and turned z-up: with the cues, with the
// product, with the product only where the cues doubt y (both rejected), and how often the kept y
// would be marked not sure (`FORMAT_DOUBT`, fitted here; it ships). Validation only, except
// `--test`, which scores that mark once on the test shapes (training/README.md).
import { existsSync, readFileSync } from 'node:fs';
import { modelSession } from '../src/cli/models';
import { axisProbability, estimateUpAxis, FORMAT_DOUBT, upFromEstimate, upIsSure, upUsedIsSure, type UpEstimate } from '../src/core/geometry/upAxis';
import type { Geometry } from '../src/core/types';
import { turnedGeometry, type SignedAxis } from '../src/core/geometry/signedAxis';
import { loadUpright, uprightProbabilities, uprightTensor, withUprightNetwork } from './uprightNetwork';
import { classifyObject } from '../src/core/ml/classifyObject';
import { DIRECTIONS, randomlyTurned } from './randomTurn';

const args = process.argv.slice(2);
const dir = new URL('../training/work/cls/orientation/', import.meta.url);
if (!existsSync(new URL('parts.json', dir))) throw new Error('No shapes to measure: run `make -C training cls-orientation-shapes` first');
const listing = JSON.parse(readFileSync(new URL('parts.json', dir), 'utf8')) as {
  parts: Record<string, Array<{ row: number; label: string; start: number; count: number }>>;
};
const raw = readFileSync(new URL('shapes.f32', dir));
const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);

interface Seen {
  label: string;
  target: SignedAxis;
  /** the surface cues' estimate (what ships) */
  surface: UpEstimate;
  network: SignedAxis;
  networkSure: number;
  combined: UpEstimate;
  ood: number[];
  logP1: number[];
  top: string[];
  unknown: boolean[];
}

const session = await modelSession('classification');
const network = args.find((a) => a.startsWith('--network='))?.slice(10) ?? 'upright_gpu';
const { contract, session: upright } = await loadUpright(new URL(`../training/work/cls/${network}/`, import.meta.url), session.entry);
/** How each shape is given: turned at random, as stored (y up), or turned so that z is up. */
type Pose = 'turned' | 'stored' | 'z-up';
type Row = (typeof listing.parts)[string][number];
/** A cached shape (stored y up) given in `pose`, and where its up went. */
function posed(s: Row, pose: Pose): { turned: Geometry; target: SignedAxis } {
  const stored: Geometry = { kind: 'points', positions: all.slice(3 * s.start, 3 * (s.start + s.count)), fields: {} };
  if (pose === 'turned') return randomlyTurned(stored, '+y', s.row + 1);
  return pose === 'stored' ? { turned: stored, target: '+y' } : { turned: turnedGeometry(stored, '+y', '+z'), target: '+z' };
}
async function look(part: string, pose: Pose = 'turned'): Promise<Seen[]> {
  const out: Seen[] = [];
  for (const s of listing.parts[part]) {
    const { turned, target } = posed(s, pose);
    const est = estimateUpAxis(turned);
    const { data, dims } = uprightTensor(turned, contract);
    const net = uprightProbabilities(await upright.run(data, dims), contract);
    const network = DIRECTIONS.reduce((a, b) => (net[b] > net[a] ? b : a));
    const seen: Seen = {
      label: s.label, target, surface: est, network, networkSure: net[network], combined: withUprightNetwork(est, net),
      ood: [], logP1: [], top: [], unknown: [],
    };
    for (const d of DIRECTIONS) {
      const r = await classifyObject(turned, session.entry, session.runOutputs, { upAxis: d, topK: 1 });
      seen.ood.push(r.oodScore!);
      seen.logP1.push(Math.log(r.top[0].probability));
      seen.top.push(r.top[0].label);
      seen.unknown.push(r.unknown!);
    }
    out.push(seen);
  }
  return out;
}

/** `unsure`: search only where the geometric estimate is not sure; `threshold`: the open-set threshold to flag by (else the manifest's decision). */
type Rule = { kind: 'geometric' | 'true' | 'network' | 'combined' | 'combined, format y' | 'combined where the cues doubt, format y' | 'geometric, format y' } | { kind: 'ood' | 'p1'; l: number; unsure?: boolean; threshold?: number } | { kind: 'gated' | 'unsure network'; t: number };
const name = (r: Rule) => ('t' in r ? `${r.kind}:${r.t}` : 'l' in r ? `${r.unsure ? 'unsure ' : ''}${r.kind}:${r.l}${r.threshold ? ` threshold ${r.threshold.toFixed(4)}` : ''}` : r.kind);
function pick(s: Seen, r: Rule): number {
  if (r.kind === 'geometric') return DIRECTIONS.indexOf(s.surface.up);
  if (r.kind === 'true') return DIRECTIONS.indexOf(s.target);
  if (r.kind === 'gated') return DIRECTIONS.indexOf(s.networkSure >= r.t ? s.combined.up : s.surface.up);
  if (r.kind === 'unsure network') return DIRECTIONS.indexOf(s.combined.up);
  if (r.kind === 'network') return DIRECTIONS.indexOf(s.network);
  if (r.kind === 'combined') return DIRECTIONS.indexOf(s.combined.up);
  if (r.kind === 'combined, format y') return DIRECTIONS.indexOf(upFromEstimate(s.combined, 'y').up);
  if (r.kind === 'combined where the cues doubt, format y') return DIRECTIONS.indexOf(upFromEstimate(s.surface.up[1] === 'y' ? s.surface : s.combined, 'y').up);
  if (r.kind === 'geometric, format y') return DIRECTIONS.indexOf(upFromEstimate(s.surface, 'y').up);
  if (!('l' in r)) throw new Error(`no rule ${r.kind}`);
  if (r.unsure && upIsSure(s.surface.confidence)) return DIRECTIONS.indexOf(s.surface.up);
  const score = DIRECTIONS.map((d, k) => Math.log(Math.max(1e-9, s.surface.probabilities[d])) + (r.kind === 'ood' ? -r.l * s.ood[k] : r.l * s.logP1[k]));
  return score.indexOf(Math.max(...score));
}
function rates(knowns: Seen[], unknowns: Seen[], r: Rule) {
  const k = knowns.map((s) => pick(s, r)), u = unknowns.map((s) => pick(s, r));
  const t = 'threshold' in r ? r.threshold : undefined;
  const doubt = r.kind === 'unsure network' ? r.t : 0;
  const flagged = (s: Seen, d: number) => (t === undefined ? s.unknown[d] : s.ood[d] > t) || s.networkSure < doubt;
  const mean = (xs: boolean[]) => Number((xs.filter(Boolean).length / Math.max(1, xs.length)).toFixed(3));
  return {
    rule: name(r),
    up_right: mean(knowns.map((s, i) => DIRECTIONS[k[i]] === s.target)),
    accuracy: mean(knowns.map((s, i) => s.top[k[i]] === s.label)),
    knowns_flagged: mean(knowns.map((s, i) => flagged(s, k[i]))),
    unknowns_flagged: mean(unknowns.map((s, i) => flagged(s, u[i]))),
    unknowns_up_right: mean(unknowns.map((s, i) => DIRECTIONS[u[i]] === s.target)),
  };
}

/** The distance under which the rule's chosen directions accept this share of the knowns, as the open-set protocol fits it upright. */
function acceptingKnowns(knowns: Seen[], r: Rule, accepted = 0.92): number {
  const d = knowns.map((s) => s.ood[pick(s, r)]).sort((a, b) => a - b);
  return d[Math.min(d.length - 1, Math.ceil(accepted * d.length) - 1)];
}

/** Suggestions where the used (geometric) up is flagged: the other direction with the lowest distance, if under `f` x the threshold. */
function hints(knowns: Seen[], unknowns: Seen[], f: number | 'network', threshold: number) {
  const suggest = (s: Seen): number | undefined => {
    const used = DIRECTIONS.indexOf(s.surface.up);
    if (!s.unknown[used]) return undefined;
    if (f === 'network') return s.combined.up !== s.surface.up ? DIRECTIONS.indexOf(s.combined.up) : undefined;
    let best = -1;
    for (let d = 0; d < 6; d++) if (d !== used && (best < 0 || s.ood[d] < s.ood[best])) best = d;
    return s.ood[best] < f * threshold ? best : undefined;
  };
  const flaggedKnowns = knowns.filter((s) => s.unknown[DIRECTIONS.indexOf(s.surface.up)]);
  const flaggedUnknowns = unknowns.filter((s) => s.unknown[DIRECTIONS.indexOf(s.surface.up)]);
  const right = (s: Seen, d: number | undefined) => d !== undefined && DIRECTIONS[d] === s.target && s.top[d] === s.label;
  const fixed = flaggedKnowns.filter((s) => right(s, suggest(s))).length;
  const offeredKnowns = flaggedKnowns.filter((s) => suggest(s) !== undefined).length;
  const offeredUnknowns = flaggedUnknowns.filter((s) => suggest(s) !== undefined).length;
  return {
    hint: f,
    flagged_knowns: flaggedKnowns.length,
    fixed,
    fix_rate: Number((fixed / Math.max(1, flaggedKnowns.length)).toFixed(3)),
    offered_knowns: offeredKnowns,
    flagged_unknowns: flaggedUnknowns.length,
    offered_unknowns: offeredUnknowns,
    precision: Number((fixed / Math.max(1, offeredKnowns + offeredUnknowns)).toFixed(3)),
  };
}

const knownPart = 'validation_known', unknownPart = 'validation_unknown';
const knowns = await look(knownPart), unknowns = await look(unknownPart);
const rules: Rule[] = [{ kind: 'true' }, { kind: 'geometric' }, { kind: 'network' }, { kind: 'combined' }, ...[0.8, 0.9, 0.95].map((t) => ({ kind: 'gated' as const, t })), ...[0.5, 0.7, 0.9].map((t) => ({ kind: 'unsure network' as const, t }))];
{
  const grid = { ood: [0.5, 1, 2, 4, 8, 16, 32, 64], p1: [0.25, 0.5, 1, 2, 4, 8] };
  for (const kind of ['ood', 'p1'] as const) {
    for (const l of grid[kind]) rules.push({ kind, l });
    for (const l of grid[kind]) rules.push({ kind, l, unsure: true });
    for (const l of grid[kind]) rules.push({ kind, l, threshold: acceptingKnowns(knowns, { kind, l }) });
  }
}
console.log(`turned at random: ${knownPart} ${knowns.length} shapes, ${unknownPart} ${unknowns.length}`);
for (const r of rules) console.log(JSON.stringify(rates(knowns, unknowns, r)));
{
  const manifestThreshold = session.entry.openSet!.threshold;
  for (const f of [1, 0.5, 'network'] as const) console.log(JSON.stringify(hints(knowns, unknowns, f, manifestThreshold)));
}
/**
 * The open-set decision with the network's doubt as a second signal, on shapes as stored (the
 * open-set protocol's setting): flagged where the distance passes T or the network's top
 * probability is under t, T refitted so that 92% of the knowns are accepted, as the protocol does.
 */
function withDoubt(knowns: Seen[], unknowns: Seen[], t: number) {
  const up = DIRECTIONS.indexOf('+y');
  const flagged = (s: Seen, T: number) => s.ood[up] > T || s.networkSure < t;
  const T = knowns.map((s) => s.ood[up]).sort((a, b) => a - b).find((T) => knowns.filter((s) => !flagged(s, T)).length >= 0.92 * knowns.length);
  const share = (xs: Seen[]) => (T === undefined ? 'none accepts 92%' : Number((xs.filter((s) => flagged(s, T)).length / xs.length).toFixed(3)));
  return { doubt_under: t, knowns_flagged: share(knowns), unknowns_flagged: share(unknowns) };
}

/** What the format-up mark reads of a shape: where its up is, and the surface cues' estimate. */
type Posed = Pick<Seen, 'surface' | 'target'>;
const yAxisProbability = (s: Posed) => axisProbability(s.surface.probabilities, 'y');
/** Shapes for which `auto` keeps the format's y and marks it not sure, at doubt level `q`. */
const doubted = (s: Posed, q: number) => {
  const used = upFromEstimate(s.surface, 'y');
  return used.source === 'format' && !upUsedIsSure(used, q);
};
/** Shapes the app marks not sure for any reason: a doubted format up, or a detected one under UP_SURE. */
const markedAtAll = (s: Posed, q: number) => !upUsedIsSure(upFromEstimate(s.surface, 'y'), q);
/** The largest q (over the shapes' own values) at which at most `share` of the shapes as stored are marked not sure. */
function fitDoubt(stored: Posed[], share = 0.08): number {
  const values = [...new Set(stored.map(yAxisProbability))].sort((a, b) => b - a);
  return values.find((q) => stored.filter((s) => doubted(s, q)).length <= share * stored.length) ?? 0;
}
function doubtRates(stored: Posed[], zUp: Posed[], q: number | 'top axis') {
  const marked = (s: Posed) => (q === 'top axis' ? upFromEstimate(s.surface, 'y').source === 'format' && s.surface.up[1] !== 'y' : doubted(s, q));
  const wrong = zUp.filter((s) => upFromEstimate(s.surface, 'y').source === 'format');
  const share = (xs: Posed[]) => Number((xs.filter(marked).length / Math.max(1, xs.length)).toFixed(3));
  const stored_marked_any_reason = typeof q === 'number' ? Number((stored.filter((s) => markedAtAll(s, q)).length / stored.length).toFixed(3)) : undefined;
  return { doubt: typeof q === 'number' ? Number(q.toFixed(4)) : q, stored_marked: share(stored), stored_marked_any_reason, z_up_kept_wrong: wrong.length, z_up_kept_wrong_marked: share(wrong) };
}

const byPose: Record<string, Seen[]> = {};
for (const pose of ['stored', 'z-up'] as const) {
  const k = await look(knownPart, pose), u = await look(unknownPart, pose);
  byPose[pose] = [...k, ...u];
  console.log(`${pose}, the file's format saying y is up:`);
  for (const kind of ['geometric, format y', 'combined, format y', 'combined where the cues doubt, format y'] as const) console.log(JSON.stringify(rates(k, u, { kind })));
  if (pose === 'stored') for (const t of [0, 0.3, 0.4, 0.5, 0.6, 0.7]) console.log(JSON.stringify(withDoubt(k, u, t)));
}
{
  const q = fitDoubt(byPose.stored);
  for (const rule of ['top axis', q, FORMAT_DOUBT] as const) console.log(JSON.stringify({ format_doubted: doubtRates(byPose.stored, byPose['z-up'], rule) }));
  // the one rule that passed on validation, scored once on the test shapes (the cues alone: no classifier needed)
  if (args.includes('--test')) {
    const cuesOnly = (pose: Pose) =>
      ['test_known', 'test_unknown'].flatMap((part) =>
        listing.parts[part].map((s) => {
          const { turned, target } = posed(s, pose);
          return { target, surface: estimateUpAxis(turned) } satisfies Posed;
        }),
      );
    console.log(JSON.stringify({ test: true, format_doubted: doubtRates(cuesOnly('stored'), cuesOnly('z-up'), FORMAT_DOUBT) }));
  }
}
