// The measure feature's slice: the tool in hand, the measurement being picked and those finished.
// Points are kept as picked (index and position in the file's frame); values are derived from
// them with the current up axis, so they follow an up-axis change.
import type { MeasureTool } from '../../core/geometry/measure';

export interface MeasurePoint {
  index: number;
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
