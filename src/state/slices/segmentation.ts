// The scene segmentation feature's slice: how its run on the shown layer goes, and what it found.
// The per-point classes themselves are the layer's overlay (arrays, outside the plain data).
import type { SceneLevelling, SceneRecognition } from '../../core/ml/recognizeScene';
import type { SceneMetrics } from '../../core/ml/sceneMetrics';
import type { SurePoints } from '../../core/ml/surePoints';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import type { LabelledBox } from '../../core/types';
import type { ModelStatus } from '../../workers/inferenceProtocol';

export interface ClassCount {
  name: string;
  color: [number, number, number];
  count: number;
}

export type SegmentationView =
  | {
      status: 'running';
      layerId: string;
      stage: string;
      progress: number;
      /** batches of changed points applied to the overlay so far */
      updates: number;
      /** the boxes found so far */
      boxes: LabelledBox[];
    }
  /** the app did not start it: the scene would take long, the panel offers it with this estimate */
  /** not started: its estimate is past the setting's seconds, or (`widestM`) the scan is wider than anything the models learned */
  | { status: 'offered'; layerId: string; estimateS: number; widestM?: number }
  | { status: 'cancelled' | 'error'; layerId: string; message: string }
  | {
      status: 'done';
      layerId: string;
      model: ModelStatus;
      upAxis: SignedAxis;
      /** the stray points hidden, and so left out of the run */
      strayLeftOut?: number;
      /** how far the scan leant from that axis, where the model levels scans */
      levelling?: SceneLevelling;
      /** where the file was read in another unit than metres */
      unit?: SceneRecognition['unit'];
      /** the file declared that unit */
      unitDeclared?: true;
      /** where the scan was cut into storeys: the cuts' heights above its floor, in metres */
      storeys?: number[];
      /** where the geometry showed a ceiling, its points labelled ceiling: its height above the floor, in metres, a storey at a time */
      ceilings?: number[];
      /** where its walls are turned from the file's axes: by how many degrees about its up (each box then carries its box square to them) */
      walls?: { degrees: number };
      ms: number;
      blocks: number;
      points: number;
      classes: ClassCount[];
      boxes: LabelledBox[];
      /** where the instance classifier named the boxes: the candidates it saw and the points it gave another class */
      instanceClassifier?: { proposals: number; relabelled: number };
      /** why the instance classifier failed, where it did: the boxes are the segmenter's own */
      instanceClassifierError?: string;
      /** the points at least as sure as the model's threshold, where it names one */
      sure?: SurePoints;
      updates: number;
      metrics?: SceneMetrics;
    };
