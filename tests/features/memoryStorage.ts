// A browser storage for tests of what features keep in it.

/** A Storage held in a Map; `full` makes every write fail as a full one does. */
export function memoryStorage(full = false): Storage & { items: Map<string, string> } {
  const items = new Map<string, string>();
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
      items.set(k, v);
    },
  };
}
