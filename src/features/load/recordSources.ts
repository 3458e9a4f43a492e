// Where each headerless .bin layer shown came from, so that it can be read again when the person
// sets how many values a point it has: the bytes handed to the parse worker are not kept, but a
// dropped file (a Blob) or an address can be read again.
import type { InputFile } from '../../core/types';
import type { LoadOptions } from './loadFiles';

export interface RecordSource {
  read: () => Promise<InputFile[]>;
  /** what the layer was opened with (a sample's up axis and id, a note) */
  options: LoadOptions;
}

const sources = new Map<string, RecordSource>();

/** Keeps `source` for layer `layerId`, and lets go of those of the layers no longer among `shown`. */
export function rememberRecordSource(layerId: string, source: RecordSource, shown: readonly string[]): void {
  for (const id of sources.keys()) if (!shown.includes(id)) sources.delete(id);
  sources.set(layerId, source);
}

export function recordSourceOf(layerId: string): RecordSource | undefined {
  return sources.get(layerId);
}
