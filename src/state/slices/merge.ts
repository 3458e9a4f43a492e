// The merge feature's slice: the last merge of the visible layers. Its result is a layer of its own,
// so the report stays whatever layer is active after.
export type MergeView =
  | { status: 'running' }
  | {
      status: 'done';
      /** the layer made */
      resultId: string;
      name: string;
      /** the layer whose file coordinates the new layer has */
      frame: string;
      /** each layer merged and the points it gave, in the order taken */
      parts: { name: string; points: number }[];
      points: number;
      /** what a person should know: fields filled, layers greyed, meshes taken as vertices */
      notes: string[];
      ms: number;
    }
  | { status: 'error'; message: string };
