// A number typed into a panel (a layer's transform, a profile's corridor width).
import { useEffect, useState } from 'react';
import { parseDecimal } from '../core/format';

/**
 * A number field that lets a person type through values that are not numbers yet ("-", "1."),
 * committing each number, with a point or a comma as its decimal mark (a browser's number field
 * reads "0,5" as 5 under an English locale); the arrow keys step it. Left with text that is no
 * number, or one in doubt ("1,000"), it shows its value again and `onDoubt`, where given, hears what was typed.
 */
export function NumberField({ label, value, step, onValue, onDoubt, testId }: { label: string; value: number; step: number; onValue: (v: number) => void; onDoubt?: (typed: string) => void; testId: string }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText((t) => (parseDecimal(t) === value ? t : String(value))), [value]);
  return (
    <label>
      {label}
      {/* plain text: a decimal keypad has no minus sign on some phones, and a move or a turn may be negative */}
      <input
        data-testid={testId}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const v = parseDecimal(e.target.value);
          if (v !== null) onValue(v);
        }}
        onBlur={() => {
          if (parseDecimal(text) !== null) return;
          if (text.trim()) onDoubt?.(text.trim());
          setText(String(value));
        }}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          // to the step's own decimals: 0.1 + 0.2 is 0.30000000000000004
          const v = Number((value + (e.key === 'ArrowUp' ? step : -step)).toFixed(10));
          setText(String(v));
          onValue(v);
        }}
      />
    </label>
  );
}
