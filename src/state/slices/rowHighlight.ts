// Which plane or cluster the person points at in its panel's list: the points of `layerId` whose
// label field `field` holds `id`. The view draws them highlighted; the panels set and clear it.
export interface RowHighlight {
  layerId: string;
  field: string;
  id: number;
}
