// Every layer shown counts against the one read budget: a layer that would take the shown layers
// past it is refused, and the layers already shown stay.
import { formatBytes, READ_BUDGET_BYTES } from '../io/limits';

/** The message refusing a new layer of `bytes` beside layers taking `shownBytes`, or null where it fits. */
export function layerBudgetRefusal(fileName: string, bytes: number, shownBytes: readonly number[], budget = READ_BUDGET_BYTES): string | null {
  const shown = shownBytes.reduce((a, b) => a + b, 0);
  if (shown + bytes <= budget) return null;
  const layers = shownBytes.length === 1 ? 'the layer shown takes' : `the ${shownBytes.length} layers shown take`;
  return `${fileName} was not added: it takes ${formatBytes(bytes)} once read and ${layers} ${formatBytes(shown)}, more than the ${formatBytes(budget)} read budget together. Remove a layer, or open the file alone (Shift while dropping replaces the layers).`;
}
