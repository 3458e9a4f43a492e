// "Show ground only" in the Ground panel is the legend's own hiding of labels (settings.hiddenLabels)
// for the ground field's colour mode, set in one click: the view, picking, profiles and the legend's
// checkboxes all read it, and switching the colour mode away shows every point again as it does for
// any label hidden in the legend.
import { GROUND, GROUND_FIELD, groundClasses, NOT_GROUND } from '../../core/geometry/ground';
import { useAppStore, type AppState } from '../../state/store';

/** What the panel can show of the split: every point, the ground alone, or what stands on it alone. */
export type GroundShown = 'all' | 'ground' | 'standing';

const MODE = `field:${GROUND_FIELD}`;
const SHOWN_ALONE: Record<Exclude<GroundShown, 'all'>, number> = { ground: GROUND, standing: NOT_GROUND };

/** The ground field's ids hidden to show `shown`. */
const hiddenFor = (shown: GroundShown): number[] => (shown === 'all' ? [] : groundClasses().map((c) => c.id).filter((id) => id !== SHOWN_ALONE[shown]));

/** What the view shows of the split; null where the legend hides some other set of its labels by hand. */
export function groundShownOf(s: Pick<AppState, 'settings'>): GroundShown | null {
  const hidden = s.settings.colorMode === MODE ? (s.settings.hiddenLabels[MODE] ?? []) : [];
  const same = (ids: number[]) => ids.length === hidden.length && ids.every((id) => hidden.includes(id));
  return (['all', 'ground', 'standing'] as const).find((shown) => same(hiddenFor(shown))) ?? null;
}

/** Colours the layer by its ground field and hides every label but the one `shown` keeps. */
export function showGround(shown: GroundShown): void {
  const s = useAppStore.getState();
  s.updateSettings({ colorMode: MODE, hiddenLabels: { ...s.settings.hiddenLabels, [MODE]: hiddenFor(shown) } });
}
