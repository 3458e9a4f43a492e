// The read budget of the command line: READ_BUDGET_BYTES, or a lower one from the environment (as
// the app's `?readBudget=`), so that a file of a few MB can be read as one over budget is.
import { lowerReadBudget } from '../core/io/limits';

export const READ_BUDGET_VARIABLE = 'POINTLENS_READ_BUDGET_MB';

/** What is wrong with the variable, or null where it is unset or a number of megabytes above 0. */
export function readBudgetProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env[READ_BUDGET_VARIABLE];
  if (value === undefined || Number(value) > 0) return null;
  return `${READ_BUDGET_VARIABLE} is a number of megabytes above 0 that lowers the read budget, not "${value}"`;
}

export function readBudgetBytes(env: NodeJS.ProcessEnv = process.env): number {
  return lowerReadBudget(Number(env[READ_BUDGET_VARIABLE]));
}
