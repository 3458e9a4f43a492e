// A box set from the store, coloured by its classes' colours where the feature gave them.
import { useCallback } from 'react';
import { paletteColor, type Rgb } from '../core/color/labelTable';
import type { SignedAxis } from '../core/geometry/signedAxis';
import type { LabelledBox } from '../core/types';
import type { BoxSet } from '../state/store';
import { Boxes } from './Boxes';

export function BoxSetView({ set, upAxis }: { set: BoxSet; upAxis: SignedAxis }) {
  const { classColors } = set;
  const colorOf = useCallback((box: LabelledBox): Rgb => classColors?.[box.classIndex] ?? paletteColor(box.classIndex), [classColors]);
  return <Boxes boxes={set.boxes} colorOf={colorOf} upAxis={upAxis} />;
}
