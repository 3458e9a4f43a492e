// An evaluation's figures stay up when the gallery's filters change (they took minutes to get);
// then they must say which selection they are of.
import { plural } from '../../core/format';
import type { GallerySelection } from '../../state/slices/gallery';

const nice = (label: string) => label.replace(/_/g, ' ');

/** A selection in the filters' words: "all datasets", "ModelNet40", "flower pot of all datasets", "ModelNet40 flower pot". */
export function selectionName({ dataset, label }: GallerySelection): string {
  if (!label) return dataset || 'all datasets';
  return dataset ? `${dataset} ${nice(label)}` : `${nice(label)} of all datasets`;
}

/** Where the objects evaluated are not the ones shown now: which selection the figures are of, and how to get those of the one shown. */
export function earlierSelectionNote(evaluated: { ids: readonly string[]; selection: GallerySelection }, shownIds: readonly string[]): string | undefined {
  const shown = new Set(shownIds);
  if (evaluated.ids.length === shown.size && evaluated.ids.every((id) => shown.has(id))) return undefined;
  return `These figures are of the earlier selection, ${selectionName(evaluated.selection)} (${plural(evaluated.ids.length, 'object')}), not of the one shown: Evaluate for its own.`;
}
