// The classification feature's slice: its answer for the shown layer, typed as the core entry gives it.
import type { ClassPrediction } from '../../core/ml/classifyObject';
import type { NearestShape } from '../../core/ml/nearestShapes';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import type { Box3 } from '../../core/types';
import type { ModelStatus } from '../../workers/inferenceProtocol';

export type ClassificationView =
  | { status: 'running'; layerId: string; stage: string; progress: number }
  | { status: 'error'; layerId: string; message: string }
  /** not run on load: the scan is wider (metres) than anything the models learned (widerThanModelsKnow) */
  | { status: 'held'; layerId: string; widestM: number }
  | {
      status: 'done';
      layerId: string;
      model: ModelStatus;
      upAxis: SignedAxis;
      /** the stray points hidden, and so left out of the run */
      strayLeftOut?: number;
      /** best first, with each class's index into the model's classes */
      top: ClassPrediction[];
      uncertain: boolean;
      /** the shape looks like none of the served classes (the manifest's open-set threshold) */
      unknown: boolean;
      /** where the shape is unknown for its proportions, why in words: "flatter than any airplane it learned from" */
      proportionsReason?: string;
      /** larger: less like the training classes; absent where the model has no open-set contract */
      oodScore?: number;
      /** the training shapes nearest the object, nearest first; absent where the model has no bank output */
      nearest?: NearestShape[];
      /** why `nearest` is not named, where the bank's file could not be read */
      bankError?: string;
      /** where the scan is wider than any object the classifier learned, its width in metres: unknown for its size */
      widestM?: number;
      views: number;
      /** the object's box in the file's frame */
      box: Box3;
      preprocessMs: number;
      inferenceMs: number;
    };
