// The read budget a load uses: READ_BUDGET_BYTES, or a lower one from the page address
// (`?readBudget=40`, in MB), so that a file of tens of MB can be opened as one over budget is.
import { READ_BUDGET_BYTES } from '../../core/io/limits';

export function readBudgetBytes(search = location.search): number {
  const mb = Number(new URLSearchParams(search).get('readBudget'));
  return mb > 0 ? Math.min(READ_BUDGET_BYTES, Math.round(mb * 2 ** 20)) : READ_BUDGET_BYTES;
}
