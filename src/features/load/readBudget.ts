// The read budget a load uses: READ_BUDGET_BYTES, or a lower one from the page address
// (`?readBudget=40`, in MB), so that a file of tens of MB can be opened as one over budget is.
import { lowerReadBudget } from '../../core/io/limits';

export function readBudgetBytes(search = location.search): number {
  return lowerReadBudget(Number(new URLSearchParams(search).get('readBudget')));
}
