// A file opened beside the layers shown counts against the read budget with them: where it would
// take them past it, it is refused once read, its preview (the first points of a streamed cloud)
// taken away and the layer active before made active again, so the layers shown stay as they were.
import { layerBudgetRefusal } from '../../core/layers/memoryBudget';
import { READ_BUDGET_BYTES } from '../../core/io/limits';
import { useAppStore } from '../../state/store';

export interface AddingLoad {
  /** the layer showing the file's first points while the rest is read: taken away where the file is refused */
  preview?: string;
  /** a layer read again in place (other files, another count of values): kept where the new read is refused */
  replaces?: string;
  /** the layer active when the load began */
  before?: string;
}

/** What the layers shown (all but the load's preview and the layer it replaces) leave of `budget`; the whole budget where
 * they leave nothing, so that the file is read as it would be alone and then refused. */
export function budgetLeft(load: AddingLoad, budget = READ_BUDGET_BYTES): number {
  const used = shownBytes(load).reduce((a, b) => a + b, 0);
  return used < budget ? budget - used : budget;
}

function shownBytes(load: AddingLoad): number[] {
  return useAppStore
    .getState()
    .layers.filter((e) => e.meta.id !== load.preview && e.meta.id !== load.replaces)
    .map((e) => e.meta.memoryBytes);
}

/** The message refusing a layer of `bytes` the read budget has no room for, or null where it fits. */
export function refuseOverBudget(fileName: string, bytes: number, load: AddingLoad, budget = READ_BUDGET_BYTES): string | null {
  const store = useAppStore.getState();
  const refusal = layerBudgetRefusal(fileName, bytes, shownBytes(load), budget);
  if (refusal && load.preview) {
    store.removeLayer(load.preview);
    if (load.before) useAppStore.getState().activateLayer(load.before);
  }
  return refusal;
}
