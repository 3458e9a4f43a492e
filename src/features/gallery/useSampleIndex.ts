import { useEffect, useState } from 'react';
import type { SampleIndex } from '../../core/samples';
import { sampleIndex } from './samples';

/** samples/index.json once fetched, or why it could not be. */
export function useSampleIndex(): { index?: SampleIndex; error?: string } {
  const [state, setState] = useState<{ index?: SampleIndex; error?: string }>({});
  useEffect(() => {
    let live = true;
    sampleIndex().then(
      (index) => live && setState({ index }),
      (e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
