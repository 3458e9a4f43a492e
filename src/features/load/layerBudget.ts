// A file opened beside the layers shown counts against the read budget with them: where it would
// take them past it, it is refused once read, its preview (the first points of a streamed cloud)
// taken away and the layer active before made active again, so the layers shown stay as they were.
import { layerBudgetRefusal } from '../../core/layers/memoryBudget';
import { READ_BUDGET_BYTES } from '../../core/io/limits';
import { useAppStore } from '../../state/store';

export interface AddingLoad {
  /** the layer showing the file's first points while the rest is read */
  preview?: string;
  /** the layer active when the load began */
  before?: string;
}

/** The message refusing a layer of `bytes` the read budget has no room for, or null where it fits. */
export function refuseOverBudget(fileName: string, bytes: number, load: AddingLoad, budget = READ_BUDGET_BYTES): string | null {
  const store = useAppStore.getState();
  const shown = store.layers.filter((e) => e.meta.id !== load.preview).map((e) => e.meta.memoryBytes);
  const refusal = layerBudgetRefusal(fileName, bytes, shown, budget);
  if (refusal && load.preview) {
    store.removeLayer(load.preview);
    if (load.before) useAppStore.getState().activateLayer(load.before);
  }
  return refusal;
}
