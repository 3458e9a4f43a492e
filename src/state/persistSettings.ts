// Keeps the view settings across reloads in local storage. Most settings apply at once; the colour
// mode belongs to a file (a scene's class overlay exists only once segmentation has run), so it is
// restored on the first file shown after the reload if that is the same file, as soon as the file
// offers the mode. The up axis is the file's own (its format or its sample entry) and is not kept.
import { useAppStore } from './store';
import { RECORD_VALUES } from '../core/io/rawRecords';
import { DEFAULT_VIEW_SETTINGS, type ViewSettings } from './viewSettings';

export const SETTINGS_KEY = 'pointlens.view';

export interface StoredView {
  settings: Partial<ViewSettings>;
  /** the file the colour mode was chosen for */
  fileName?: string;
}

const CHOICES: Partial<Record<keyof ViewSettings, readonly string[]>> = {
  meshMode: ['shaded', 'wireframe', 'points'],
  upAxis: ['+x', '-x', '+y', '-y', '+z', '-z'],
};

/** Numbers a setting may hold, where not every finite one makes sense. */
const NUMBERS: Partial<Record<keyof ViewSettings, (v: number) => boolean>> = {
  recordValues: (v) => v === 0 || (Number.isInteger(v) && v >= RECORD_VALUES[0] && v <= RECORD_VALUES[1]),
};

/** The stored colour scale ranges that are two finite numbers, the first below the second. */
function validRanges(stored: Record<string, unknown>): ViewSettings['scaleRanges'] {
  const ok = (r: unknown): r is [number, number] => Array.isArray(r) && r.length === 2 && r.every(Number.isFinite) && r[0] < r[1];
  return Object.fromEntries(Object.entries(stored ?? {}).filter(([, r]) => ok(r))) as ViewSettings['scaleRanges'];
}

/** Reads what `encodeView` wrote; anything unknown, of the wrong type or out of range is left out. */
export function decodeView(text: string | null): StoredView {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    return { settings: {} };
  }
  if (typeof json !== 'object' || json === null) return { settings: {} };
  const { settings, fileName } = json as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof settings === 'object' && settings !== null) {
    for (const [key, value] of Object.entries(settings)) {
      const k = key as keyof ViewSettings;
      if (!(k in DEFAULT_VIEW_SETTINGS) || typeof value !== typeof DEFAULT_VIEW_SETTINGS[k]) continue;
      if (typeof value === 'number' && (!Number.isFinite(value) || NUMBERS[k]?.(value) === false)) continue;
      if (CHOICES[k] && !CHOICES[k]!.includes(value as string)) continue;
      out[k] = k === 'scaleRanges' ? validRanges(value as Record<string, unknown>) : value;
    }
  }
  return { settings: out as Partial<ViewSettings>, fileName: typeof fileName === 'string' ? fileName : undefined };
}

export function encodeView(settings: ViewSettings, fileName: string | undefined): string {
  const { upAxis: _perFile, ...kept } = settings;
  return JSON.stringify({ settings: kept, fileName } satisfies StoredView);
}

/** Restores the saved settings into the store and saves every later change; returns a function that stops saving. */
export function persistSettings(storage: Storage = localStorage): () => void {
  const saved = decodeView(storage.getItem(SETTINGS_KEY));
  const { colorMode, upAxis: _perFile, ...general } = saved.settings;
  const store = useAppStore.getState();
  store.updateSettings(general);
  let wanted = colorMode && saved.fileName ? colorMode : undefined;
  let firstLayer: string | undefined;

  return useAppStore.subscribe((state, previous) => {
    const { layer, settings } = state;
    if (wanted && layer && layer.id !== previous.layer?.id) {
      if (firstLayer || layer.fileName !== saved.fileName) wanted = undefined;
      else firstLayer = layer.id;
    } else if (wanted && layer?.id === firstLayer && settings.colorMode !== previous.settings.colorMode && settings.colorMode !== wanted) {
      // chosen on this file after the reload: that choice wins
      wanted = undefined;
    }
    if (wanted && layer && layer.id === firstLayer && settings.colorMode !== wanted && layer.colorModes.some((m) => m.id === wanted)) {
      const mode = wanted;
      wanted = undefined;
      state.updateSettings({ colorMode: mode });
      return;
    }
    if (settings === previous.settings && layer?.fileName === previous.layer?.fileName) return;
    storage.setItem(SETTINGS_KEY, encodeView(wanted ? { ...settings, colorMode: wanted } : settings, wanted ? saved.fileName : layer?.fileName));
  });
}
