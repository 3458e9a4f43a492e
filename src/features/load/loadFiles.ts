// The load feature: turns files (dropped, picked) or an address into a layer, then hands the layer
// to recognition. A file the person drops or picks joins the layers shown (the sample the app
// opened by itself excepted, which it replaces) unless they ask to replace them; a layer that would
// take the layers past the read budget is refused. Only the latest load shows: a slow first-open sample never replaces a
// file the user dropped meanwhile (its parse is stopped, worker and all), and the layer already
// shown stays when a load fails or its parse is given up.
import { InputError, type InputFile, type UpAxis } from '../../core/types';
import { chooseFolderFiles, fileGroups, type FolderChoice } from '../../core/io';
import { fileUpFacts } from '../../core/io/fileUp';
import { gltfBufferAddresses } from '../../core/io/gltf';
import { asSignedAxis } from '../../core/geometry/signedAxis';
import { upOfFile, upUsedIsSure, type FileUpFacts, type UpEstimate } from '../../core/geometry/upAxis';
import { decodedBytes } from '../../core/io/limits';
import { formatCount } from '../../core/format';
import { showParseResult, useAppStore, type UpDecision } from '../../state/store';
import type { InPlace } from '../../state/layerStack';
import { recogniseShownLayer } from '../recognition/recognise';
import { STREAMED_NAME } from '../../core/io/streamFormats';
import { rememberDetailSource } from '../detail/detail';
import { rewriteAddress } from './address';
import { budgetLeft, refuseOverBudget, type AddingLoad } from './layerBudget';
import { readBudgetBytes } from './readBudget';
import { parseInWorker, parseStreamInWorker } from './parseInWorker';
import { COPC_SNIFF_BYTES, isCopc } from '../../core/io/copcSniff';
import { isCopcName, loadWholeCopc, openCopc, type CopcInput } from './copcStream';
import type { ParseReply } from '../../workers/parse.worker';
import { recordSourceOf, rememberRecordSource, type RecordSource } from './recordSources';

export interface LoadOptions {
  /** the up axis known for these files (a sample's index entry), over what the geometry says */
  upAxis?: UpAxis;
  /** the bundled sample these files are */
  sampleId?: string;
  /** beside the layers shown, instead of replacing them */
  add?: boolean;
  /** the sample the app opens by itself */
  openedByApp?: boolean;
  /** said beside the file's own warnings (the files of a folder left unopened) */
  note?: string;
  /** how the layer it replaces (the load's `replaces`) goes on in the new one */
  inPlace?: InPlace;
}

let nextLoad = 1;
let nextLayer = 1;
/** stops the parse of the load that a newer one replaces */
let replaced: AbortController | undefined;

const isLatest = (load: number) => useAppStore.getState().loading?.id === load;

/** Parses and shows the files; returns the new layer's id, or undefined where a later load took over. */
async function parseAndShow(files: InputFile[], load: Load, options: LoadOptions): Promise<string | undefined> {
  const store = useAppStore.getState();
  store.setProgress(load.id, 'parsing', 0);
  const reply = await parseInWorker(files, {
    onProgress: (f) => useAppStore.getState().setProgress(load.id, 'parsing', f),
    signal: load.signal,
    limitSeconds: store.settings.parseLimitSeconds,
    recordValues: store.settings.recordValues || undefined,
  });
  return show(reply, load, options);
}

/**
 * The same for one file of point records read as its bytes arrive: a big cloud shows its first
 * points while the rest comes, and one larger than the read budget is kept decimated, with `source`
 * (the dropped file or its address) remembered to read regions of it again in full.
 */
async function streamAndShow(file: { name: string; stream: ReadableStream<Uint8Array>; size: number; source: Blob | string }, load: Load, options: LoadOptions): Promise<string | undefined> {
  const { name, size, source } = file;
  const store = useAppStore.getState();
  store.setProgress(load.id, 'parsing', 0);
  const reply = await parseStreamInWorker(name, file.stream, size, {
    onProgress: (f, stage) => useAppStore.getState().setProgress(load.id, stage === 'reading' ? 'reading' : 'parsing', f),
    signal: load.signal,
    limitSeconds: store.settings.parseLimitSeconds,
    // a cloud added beside the layers shown is kept within what they leave of the budget
    budgetBytes: options.add ? budgetLeft(load, readBudgetBytes()) : readBudgetBytes(),
    source,
    onPreview: ({ cloud, up, format, origin, upAxis, statedUp }) => {
      if (!isLatest(load.id)) return;
      // the first points where the whole file will put them, and the way up it will take
      const result = { format, data: cloud, droppedNonFinite: 0, warnings: [], ...(origin && { origin }) };
      const id = `layer-${nextLayer++}`;
      showParseResult(id, name, result, 0, { preview: true, up: decideUp(options.upAxis, up, fileUpFacts({ format, upAxis, statedUp, origin })), add: options.add ? { replaces: load.preview } : undefined });
      load.preview = id;
    },
  });
  const id = show(reply, load, options);
  if (id && reply.decimated) rememberDetailSource({ layerId: id, name, source, size, lazChunks: reply.lazChunks });
  return id;
}

function show({ result, parseMs, fileName, flatShading, up, octree, decimated }: ParseReply, load: Load, options: LoadOptions): string | undefined {
  if (!isLatest(load.id)) return undefined;
  const refusal = options.add ? refuseOverBudget(fileName, decodedBytes(result.data), load, readBudgetBytes()) : null;
  if (refusal) return fail(new Error(refusal), load);
  const id = `layer-${nextLayer++}`;
  showParseResult(id, fileName, options.note ? { ...result, warnings: [...result.warnings, options.note] } : result, parseMs, {
    flatShading,
    octree,
    decimated,
    sampleId: options.sampleId,
    up: decideUp(options.upAxis, up, fileUpFacts(result)),
    add: options.add ? { replaces: load.preview ?? load.replaces, inPlace: options.inPlace } : undefined,
    openedByApp: options.openedByApp,
  });
  void recogniseShownLayer();
  return id;
}

/** A sample's index knows its up axis; otherwise the file or its geometry decides, as `pointlens --up auto` does. */
function decideUp(sample: UpAxis | undefined, detected: UpEstimate, file: FileUpFacts): UpDecision {
  if (sample) return { axis: asSignedAxis(sample), source: 'sample' };
  const used = upOfFile(file, () => detected);
  if (used.source === 'file' || used.source === 'map') return { axis: used.up, source: used.source, ...(used.reason && { reason: used.reason }) };
  const sure = upUsedIsSure(used);
  const said = { confidence: detected.confidence, reason: detected.reason };
  return used.source === 'format' ? { axis: used.up, source: 'format', sure, ...(!sure && said) } : { axis: used.up, source: 'detected', sure, ...said };
}

/** A COPC file is read node by node as the view needs them; recognition waits for a whole file (see README). */
async function streamCopc(input: CopcInput, name: string, load: Load): Promise<string | undefined> {
  useAppStore.getState().setProgress(load.id, 'fetching', 0);
  const id = `layer-${nextLayer++}`;
  return (await openCopc(input, name, id, () => isLatest(load.id))) ? id : undefined;
}

/** Fetches the rest of the shown COPC file, for recognition, which needs every point. */
export async function loadWholeStreamedLayer(): Promise<void> {
  const layer = useAppStore.getState().layer;
  if (!layer?.stream || layer.stream.complete) return;
  const load = beginLoad(layer.fileName, 'fetching');
  try {
    await loadWholeCopc((f) => useAppStore.getState().setProgress(load.id, 'fetching', f));
    useAppStore.getState().endLoading(load.id);
    // now a whole scan, recognised as a file read whole is (if the person left that on)
    void recogniseShownLayer();
  } catch (e) {
    fail(e instanceof InputError ? new InputError(`${layer.fileName} ${e.message}`) : e, load);
  }
}

/** A single PLY, LAS, LAZ or NPY file is read as a stream (the worker reads it whole where its content cannot stream); others are read whole. */
const streams = (names: readonly string[]) => names.length === 1 && STREAMED_NAME.test(names[0]);

function fail(e: unknown, load: Load): undefined {
  useAppStore.getState().failLoading(load.id, e instanceof Error ? e.message : String(e));
  return undefined;
}

interface Load extends AddingLoad {
  id: number;
  /** aborted when a later load takes over */
  signal: AbortSignal;
}

function beginLoad(fileName: string, stage: 'fetching' | 'reading', openedByApp?: boolean): Load {
  replaced?.abort();
  replaced = new AbortController();
  const id = nextLoad++;
  const before = useAppStore.getState().layer?.id;
  useAppStore.getState().startLoading(id, fileName, stage, openedByApp);
  return { id, signal: replaced.signal, before };
}

/** A file of a folder the person dropped or opened, with its path inside the folder. */
export interface FolderFile {
  path: string;
  file: File;
}

/** A folder opened: what of it was chosen to open, and its files by path. */
export interface OpenedFolder {
  choice: FolderChoice;
  files: Map<string, File>;
}

/**
 * Opens a folder's scans or models, a layer each with its companions (core/io/folderFiles). `files`
 * may still be being listed. A dataset's folder opens at its first scan; its other scans are then a
 * step away (folderSequence), which its note says.
 */
export async function loadFolder(folder: string, files: Promise<readonly FolderFile[]> | readonly FolderFile[], { replace = false } = {}): Promise<OpenedFolder | undefined> {
  const load = beginLoad(folder, 'reading');
  let listed: readonly FolderFile[];
  let choice: FolderChoice;
  try {
    listed = await files;
    choice = chooseFolderFiles(listed.map((f) => f.path));
  } catch (e) {
    return fail(e instanceof InputError ? new InputError(`${folder} ${e.message}`) : e, load);
  }
  if (!isLatest(load.id)) return undefined;
  const byPath = new Map(listed.map((f) => [f.path, f.file]));
  // named by their paths, so that the layer says which scan of the folder it is
  const chosen = choice.read.map((path) => new File([byPath.get(path)!], path));
  const note = choice.sequence ? `only ${choice.sequence[0]} was opened of the folder's ${formatCount(choice.sequence.length)} scans and models: step through them with the arrows on its layer, or [ and ]` : choice.note;
  await loadFiles(chosen, { replace, note });
  return { choice, files: byPath };
}

/**
 * Opens the person's files, each main file with its companions as a layer of its own (core/io/fileGroups),
 * one after another: beside the layers shown (but in place of the sample the app opened by itself),
 * or, with `replace`, the first in place of them all. A file that fails, or a newer load, stops the rest.
 */
export async function loadFiles(files: readonly File[], { replace = false, note }: { replace?: boolean; note?: string } = {}): Promise<void> {
  const groups = fileGroups(files.map((f) => f.name)).map((group) => group.map((i) => files[i]));
  for (const [k, group] of groups.entries()) {
    // a note on the files left out goes with the last layer, the one left active
    if (!(await loadGroup(group, { replace: replace && k === 0, note: k === groups.length - 1 ? note : undefined }))) return;
  }
}

/** One layer's files; whether it was shown. */
async function loadGroup(files: readonly File[], { replace, note }: { replace: boolean; note?: string }): Promise<boolean> {
  if (!files.length) return false;
  const add = !replace && useAppStore.getState().layers.some((e) => !e.openedByApp);
  const load = beginLoad(files.map((f) => f.name).join(', '), 'reading');
  // the person's own file: a reload no longer shows the sample
  rewriteAddress((p) => p.delete('sample'));
  try {
    if (files.length === 1 && (isCopcName(files[0].name) || (/\.laz$/i.test(files[0].name) && isCopc(new Uint8Array(await files[0].slice(0, COPC_SNIFF_BYTES).arrayBuffer()))))) {
      return (await streamCopc({ file: files[0] }, files[0].name, load)) !== undefined;
    }
    if (streams(files.map((f) => f.name))) {
      const [file] = files;
      return (await streamAndShow({ name: file.name, stream: file.stream(), size: file.size, source: file }, load, { add, note })) !== undefined;
    }
    const read = () => Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    return keepRecordSource(await parseAndShow(await read(), load, { add, note }), { read, options: { note } }) !== undefined;
  } catch (e) {
    fail(e, load);
    return false;
  }
}

/** `layerId`, its source kept where the layer is a headerless .bin, which a count of values a point set later reads again. */
function keepRecordSource(layerId: string | undefined, source: RecordSource): string | undefined {
  const { layers } = useAppStore.getState();
  const entry = layers.find((e) => e.meta.id === layerId);
  if (layerId && entry?.meta.format === 'bin') {
    rememberRecordSource(layerId, source, layers.map((e) => e.meta.id));
  }
  return layerId;
}

/**
 * Reads files in place of layer `layerId`: where it was in the list, moved and shown or hidden as it
 * was, and drawn as it was where `inPlace` says the files are a sequence's next scan. A file that
 * fails leaves the layer as it was, with the error said. Returns the new layer's id.
 */
export async function readInPlaceOf(layerId: string, name: string, read: () => Promise<InputFile[]>, inPlace: InPlace, options: LoadOptions = {}): Promise<string | undefined> {
  const entry = useAppStore.getState().layers.find((e) => e.meta.id === layerId);
  if (!entry) return undefined;
  const load: Load = { ...beginLoad(name, 'reading'), replaces: layerId };
  try {
    return keepRecordSource(await parseAndShow(await read(), load, { ...options, add: true, openedByApp: entry.openedByApp, inPlace }), { read, options });
  } catch (e) {
    return fail(e, load);
  }
}

/**
 * Reads the shown headerless .bin again with the count of values a point now set: the person who
 * sees a scan read wrong sets the count and sees it right. A count the file cannot hold is refused
 * with the scan left as it was.
 */
export async function readShownRecordsAgain(): Promise<void> {
  const { layer } = useAppStore.getState();
  const source = layer && recordSourceOf(layer.id);
  if (layer && source) await readInPlaceOf(layer.id, layer.fileName, source.read, 'reread', source.options);
}

/** A web page given for an address that names no page of its own. */
function isWebPage(contentType: string | null, url: string): boolean {
  return /^\s*text\/html\b/i.test(contentType ?? '') && !/\.x?html?$/i.test(new URL(url, location.href).pathname);
}

/** The server's answer for `url`, refused unless it is the file. */
async function fetchOk(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw e instanceof TypeError ? new Error(`${url} could not be fetched (${e.message})`) : e;
  }
  if (!response.ok) throw new Error(`${url} could not be opened: the server answered ${response.status} ${response.statusText}`.trim());
  // A server that answers every unknown path with the app's own page (as vite's does) sends a web
  // page with status 200 where the file is missing.
  if (isWebPage(response.headers.get('content-type'), url)) {
    throw new Error(`${url} was not found: the server answered with a web page (${response.headers.get('content-type')}), not the file`);
  }
  return response;
}

async function fetchWithProgress(url: string, onProgress: (f: number) => void): Promise<Uint8Array> {
  const response = await fetchOk(url);
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body || !total) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  const reader = response.body.getReader();
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    got += value.length;
    // A compressed transfer can deliver more than content-length says.
    onProgress(Math.min(1, got / total));
  }
  return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

function nameOf(url: string): string {
  return decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() || 'download');
}

/** One address as a parser input, named by the last part of its path. */
export async function fetchInputFile(url: string, onProgress: (f: number) => void = () => {}): Promise<InputFile> {
  return { name: nameOf(url), bytes: await fetchWithProgress(url, onProgress) };
}

/**
 * Opens addresses as dropped files open: each main file with its companions (core/io/fileGroups) a
 * layer of its own, one after another, the first in place of what is shown. A failure stops the rest.
 */
export async function loadUrlGroups(urls: readonly string[]): Promise<void> {
  const groups = fileGroups(urls.map(nameOf)).map((group) => group.map((i) => urls[i]));
  for (const [k, group] of groups.entries()) {
    if ((await loadUrls(group, { add: k > 0 })) === undefined) return;
  }
}

/** The .bin files a fetched .gltf keeps its data in, fetched from beside it, where they were not given too. */
async function gltfBuffersOf(files: InputFile[], urls: readonly string[]): Promise<InputFile[]> {
  const given = new Set(files.map((f) => f.name.toLowerCase()));
  const wanted = files.flatMap((f, i) =>
    /\.gltf$/i.test(f.name) ? gltfBufferAddresses(f.bytes).map((uri) => new URL(uri, new URL(urls[i], location.href)).href) : [],
  );
  return Promise.all([...new Set(wanted)].filter((url) => !given.has(nameOf(url).toLowerCase())).map((url) => fetchInputFile(url)));
}

/** Fetches one or more addresses (a file and its companions, e.g. OBJ and MTL) and opens them together. */
export async function loadUrls(urls: readonly string[], options: LoadOptions = {}): Promise<string | undefined> {
  if (!urls.length) return undefined;
  const load = beginLoad(urls.map(nameOf).join(', '), 'fetching', options.openedByApp);
  try {
    if (urls.length === 1 && isCopcName(nameOf(urls[0]))) return await streamCopc({ url: urls[0] }, nameOf(urls[0]), load);
    const response = streams(urls.map(nameOf)) ? await fetchOk(urls[0]) : null;
    // a compressed transfer's content-length is not the file's size: progress then waits for the end
    if (response?.body) {
      const size = response.headers.get('content-encoding') ? 0 : Number(response.headers.get('content-length')) || 0;
      return await streamAndShow({ name: nameOf(urls[0]), stream: response.body, size, source: new URL(urls[0], location.href).href }, load, options);
    }
    const done = new Array<number>(urls.length).fill(0);
    const files = await Promise.all(
      urls.map((url, i) =>
        fetchInputFile(url, (f) => {
          done[i] = f;
          useAppStore.getState().setProgress(load.id, 'fetching', done.reduce((a, b) => a + b, 0) / urls.length);
        }),
      ),
    );
    const id = await parseAndShow([...files, ...(await gltfBuffersOf(files, urls))], load, options);
    return keepRecordSource(id, { read: () => Promise.all(urls.map((url) => fetchInputFile(url))), options });
  } catch (e) {
    return fail(e, load);
  }
}
