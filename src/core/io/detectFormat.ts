// Content first for formats with a magic number (a PLY saved as .txt is still a PLY), then the
// extension, then a look at text content for OBJ and plain point lists, which have no magic.
import type { FormatId } from '../types';
import { loaders } from './formats';

export function extensionOf(name: string): string {
  const m = /\.[^./\\]+$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}

export function detectFormat(name: string, bytes: Uint8Array): FormatId | null {
  const all = loaders();
  const strong = all.find((l) => l.strong && l.sniff(bytes));
  if (strong) return strong.id;
  const ext = extensionOf(name);
  const byExtension = all.find((l) => l.extensions.includes(ext));
  if (byExtension) return byExtension.id;
  const weak = all.find((l) => !l.strong && l.sniff(bytes));
  return weak ? weak.id : null;
}
