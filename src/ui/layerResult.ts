// A feature's result for the current layer, kept in the store's `results` under the feature's id.
// Every write names the layer it is for, so an answer that arrives after the user opened another
// file is dropped instead of labelling the wrong one.
import { useViewerStore, type JsonValue } from '../state/store';

export interface LayerResult<V extends { layerId: string }> {
  put(view: V): void;
  of(results: Record<string, JsonValue>): V | undefined;
}

export function layerResult<V extends { layerId: string }>(featureId: string): LayerResult<V> {
  return {
    put(view) {
      const store = useViewerStore.getState();
      if (store.layer?.id === view.layerId) store.setResult(featureId, view as unknown as JsonValue);
    },
    of: (results) => results[featureId] as unknown as V | undefined,
  };
}
