// The layers feature's slice: every file shown, in the order opened, with how each is drawn. One of
// them is the active layer (the store's `layer` and `layerData`), the one the panels and tools act
// on; the others wait with their arrays and their tools' state outside the plain data (`parked`).
import type { SignedAxis } from '../../core/geometry/signedAxis';
import type { LayerTransform } from '../../core/layers/transform';
import type { ClassificationView } from './classification';
import type { ClipState } from './clip';
import type { ExplainPoints, ExplainView } from './explain';
import type { GalleryState } from './gallery';
import type { LabellingData, LabellingState } from './labelling';
import type { Measurement } from './measure';
import type { NormalsView } from './normals';
import type { ProfileState } from './profile';
import type { ComparisonView } from './comparison';
import type { AlignmentView } from './alignment';
import type { SegmentationView } from './segmentation';
import type { StrayMarks, StrayView } from './stray';
import type { PlanesView } from './planes';
import type { ClustersView } from './clusters';
import type { GroundView } from './ground';
import type { VolumeView } from './volume';
import type { LayerData, LayerMeta } from '../store';

export interface LayerEntry {
  meta: LayerMeta;
  visible: boolean;
  /** the colour mode it is drawn in while another layer is active (the active layer's is `settings.colorMode`) */
  colorMode: string;
  /** which way is up in its file, while another layer is active (the active layer's is `settings.upAxis`): each layer stands upright on its own */
  upAxis: SignedAxis;
  transform: LayerTransform;
  /** the sample the app opened by itself: a file the person opens replaces it instead of joining it */
  openedByApp: boolean;
  /** the layer whose framing of the camera this one keeps: a sequence's next scan, where it fits the same view */
  framedAs?: string;
}

/** The view settings each layer has its own of; the active layer's are those in `settings`. */
export type LayerSettings = Pick<LayerEntry, 'colorMode' | 'upAxis'>;

/** What the tools know of one layer: it goes with the layer when another becomes active and comes back with it. */
export interface LayerFeatures {
  classification: ClassificationView | null;
  explain: ExplainView | null;
  explainPoints: ExplainPoints | null;
  segmentation: SegmentationView | null;
  clip: ClipState;
  normals: NormalsView | null;
  comparison: ComparisonView | null;
  alignment: AlignmentView | null;
  /** its height profile's line and width (the line being drawn is dropped) */
  profile: ProfileState;
  stray: StrayView | null;
  strayMarks: StrayMarks | null;
  planes: PlanesView | null;
  clusters: ClustersView | null;
  ground: GroundView | null;
  volume: VolumeView | null;
  /** finished measurements (the one in hand is dropped) */
  measured: Measurement[];
  /** the bundled sample the layer is (the gallery's `shown`) */
  sample: GalleryState['shown'];
  /** its corrected labels, their selection and their edits (the selection tool is put down) */
  labelling: LabellingState;
  labellingData: LabellingData | null;
}

/** A layer that is not active: its arrays and its tools' state. */
export interface ParkedLayer {
  data: LayerData;
  features: LayerFeatures;
}
