// A browser storage for tests of what features keep in it.

/** A Storage held in a Map, holding `initial` to begin with; `full` makes every write fail as a full one does. */
export function memoryStorage({ initial = {}, full = false }: { initial?: Record<string, string>; full?: boolean } = {}): Storage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => {
      if (full) throw new Error('The quota has been exceeded');
      items.set(k, String(v));
    },
  };
}
