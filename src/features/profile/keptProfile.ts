// The height profile's line kept in the browser, as notes are: each file's under
// `pointlens.profile:<name>|<points>`, its corners in the file's own coordinates with the corridor's
// width, so that opening the same file again cuts the same profile on its layer.
import { readProfileLineJson, writeProfileLineJson } from '../../core/geometry/keptPicks';
import { pointInFile } from '../../core/io/shift';
import { connectKeptPerFile } from '../../state/keptPerFile';
import { filePointsOf } from '../../state/savedViews';
import { keptFeaturesOf, keptFeaturesPatch } from '../../state/layerStack';
import { INITIAL_PROFILE } from '../../state/slices/profile';

const KEPT_PROFILE_PREFIX = 'pointlens.profile:';

/** Starts keeping the profile's line in `storage`; returns a function that stops. */
export function connectKeptProfile(storage: Storage = localStorage): () => void {
  return connectKeptPerFile(
    {
      prefix: KEPT_PROFILE_PREFIX,
      what: "height profile's line",
      changed: (state, previous) => state.profile.line !== previous.profile.line || state.profile.width !== previous.profile.width || state.parked !== previous.parked,
      write: (state, ids) => {
        // the same file open twice keeps the line of the first of its layers that has one
        for (const id of ids) {
          const profile = keptFeaturesOf(state, id)?.profile;
          const origin = state.layers.find((e) => e.meta.id === id)?.meta.origin;
          if (profile?.line) return writeProfileLineJson({ line: profile.line.map((p) => ({ index: p.index, point: pointInFile(p.position, origin) as [number, number, number] })), width: profile.width });
        }
        return null;
      },
      restore: (state, layer, text) => {
        const read = readProfileLineJson(text, filePointsOf(layer));
        if ('problem' in read) return read.problem;
        const origin = layer.origin ?? [0, 0, 0];
        const line = read.line.map((p) => ({ index: p.index, position: p.point.map((v, k) => v - origin[k]) as [number, number, number] }));
        return keptFeaturesPatch(state, layer.id, { profile: { ...(keptFeaturesOf(state, layer.id)?.profile ?? INITIAL_PROFILE), line, width: read.width } });
      },
    },
    storage,
  );
}
