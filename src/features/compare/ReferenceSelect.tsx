// The other layer a layer is measured or aligned to, chosen from those listed beside it.

export interface ReferenceChoice {
  id: string;
  name: string;
}

export function ReferenceSelect({ label, testId, choices, value, onChange, disabled }: { label: string; testId: string; choices: readonly ReferenceChoice[]; value: string; onChange: (id: string) => void; disabled: boolean }) {
  return (
    <label>
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
