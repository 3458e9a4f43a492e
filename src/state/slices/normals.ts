// The normals feature's slice: how the estimate for the shown layer goes. The normals themselves
// join the layer's geometry.
export type NormalsView =
  | { status: 'running'; layerId: string; progress: number }
  | { status: 'done'; layerId: string; ms: number; k: number }
  | { status: 'error'; layerId: string; message: string };
