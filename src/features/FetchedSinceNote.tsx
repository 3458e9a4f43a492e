// What a tool computed on a streamed layer is of the nodes held when it ran: the nodes fetched since
// have none of it (core/layers/streamedFields), and the tool's panel says how many points that is.
import { useMemo } from 'react';
import { plural } from '../core/format';
import { nodesWithoutValues } from '../core/layers/streamedFields';
import type { ScalarArray } from '../core/types';
import { useAppStore } from '../state/store';

interface Props {
  /** the tool's values for the points held, `stride` a point */
  values: ScalarArray | undefined;
  stride?: number;
  /** what a point lacks: "distance", "cluster" */
  what: string;
  /** how such a point is shown */
  shown: string;
  /** what gives them one: "Measure again" */
  again: string;
  testId: string;
}

export function FetchedSinceNote({ values, stride = 1, what, shown, again, testId }: Props) {
  const octree = useAppStore((s) => (s.layer?.stream ? s.layerData?.octree : undefined));
  const without = useMemo(() => (values && octree ? nodesWithoutValues(values, octree, stride) : null), [values, octree, stride]);
  if (!without?.nodes) return null;
  return (
    <p className="muted" data-testid={testId} data-points={without.points}>
      {plural(without.points, 'point')} in {plural(without.nodes, 'node')} fetched since have no {what}: {shown}. The nodes still held keep theirs. {again} to give them one.
    </p>
  );
}
