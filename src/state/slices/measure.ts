// The measure feature's slice: the tool in hand, the measurement being picked and those finished.
// Points are kept as picked (their layer, index and position in that layer's kept positions); values
// are derived from them where their layers are placed now, so they follow a layer's transform and an
// up-axis change.
import type { MeasureTool } from '../../core/geometry/measure';

export interface MeasurePoint {
  /** the layer the point belongs to: a measurement may join points of several */
  layerId: string;
  index: number;
  /** in its layer's kept positions (relative to its origin, before its transform) */
  position: [number, number, number];
}

export interface Measurement {
  id: number;
  tool: MeasureTool;
  points: MeasurePoint[];
}

export interface MeasureState {
  /** null: clicks inspect points; otherwise they add points to the measurement in hand */
  tool: MeasureTool | null;
  /** the tool M takes up again */
  lastTool: MeasureTool;
  /** the measurement being picked (its points so far) */
  current: MeasurePoint[];
  done: Measurement[];
}

export const INITIAL_MEASURE: MeasureState = { tool: null, lastTool: 'distance', current: [], done: [] };
