// The clusters feature's slice: how the clustering of the active layer goes, the clusters it found,
// and the classifier's name for each of the largest. Which cluster each point is in joins the
// layer's fields (core/geometry/clusters' CLUSTER_FIELD), as a label field the colour modes, the
// legend, the inspector and the exports read.
import type { FoundCluster } from '../../core/geometry/clusters';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import { uprightBox3 } from '../../core/geometry/uprightBox';
import type { LabelledBox } from '../../core/types';

/** The classifier's answer for one cluster, as the Classification panel gives it for a whole object. */
export interface ClusterName {
  label: string;
  /** calibrated */
  probability: number;
  /** the open-set decision: none of the served classes, `label` the closest */
  unknown: boolean;
  oodScore?: number;
  /** unknown because the layer is a room and `label` a class no room holds (roomContext.ts) */
  outOfPlace?: true;
}

export type ClusterNaming =
  | { status: 'running'; named: number; of: number }
  | { status: 'done'; names: ClusterName[] }
  | { status: 'error'; message: string };

export type ClustersView =
  | { status: 'running'; layerId: string; progress: number }
  | {
      status: 'done';
      layerId: string;
      clusters: FoundCluster[];
      /** the points searched: the layer's kept points (the clip, hidden stray points) */
      points: number;
      /** of them, those clustered: not on a plane where the planes were left out */
      clustered: number;
      /** whether the points of the Planes panel's planes were left out */
      withoutPlanes: boolean;
      tooSmall: number;
      distance: number;
      spacing: number;
      /** whether the distance was the default, taken from the spacing */
      autoDistance: boolean;
      minPoints: number;
      /** the up axis the clusters' upright boxes turn about */
      up: SignedAxis;
      /** the length unit's symbol, '' for the file's own */
      unit: string;
      ms: number;
      naming?: ClusterNaming;
    }
  | { status: 'error'; layerId: string; message: string };

/** The upright boxes of the named clusters, each labelled with its name as the classified object's box is, coloured as the cluster legend colours it. */
export function namedClusterBoxes(view: ClustersView | null): LabelledBox[] {
  if (view?.status !== 'done' || view.naming?.status !== 'done') return [];
  return view.naming.names.map((name, i) => {
    const { box, points } = view.clusters[i];
    return {
      ...uprightBox3(box, view.up),
      label: `${i + 1}: ${name.unknown ? `unknown (closest: ${name.label})` : name.label}`,
      classIndex: i + 1,
      score: name.probability,
      points,
    };
  });
}
