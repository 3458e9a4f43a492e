// A number typed into a panel (a layer's transform, a profile's corridor width).
import { useEffect, useState } from 'react';

/** A number field that lets a person type through values that are not numbers yet ("-", "1."), committing each number. */
export function NumberField({ label, value, step, onValue, testId }: { label: string; value: number; step: number; onValue: (v: number) => void; testId: string }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText((t) => (Number(t) === value ? t : String(value))), [value]);
  return (
    <label>
      {label}
      <input
        type="number"
        step={step}
        data-testid={testId}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v)) onValue(v);
        }}
      />
    </label>
  );
}
