/** A limit in seconds in the person's settings: a number input that keeps it at 0 or above. */
export function LimitInput({ testId, value, onChange }: { testId: string; value: number; onChange: (value: number) => void }) {
  return <input data-testid={testId} type="number" min={0} step="any" value={value} onChange={(e) => onChange(Math.max(0, Number(e.target.value) || 0))} />;
}
