import { adminUnitLayers } from '../admin-units/admin-unit-layers.ts';
import { gridLayers } from '../grids/grid-layers.ts';
import { hazardLayers } from '../hazards/hazard-layers.ts';
import { householdLayers } from '../households/household-layers.ts';
import { patrolLayers } from '../patrols/patrol-layers.ts';
import { riskPointLayers } from '../risk-points/risk-point-layers.ts';
import { gridRiskLayers } from '../risk-map/grid-risk-layers.ts';
import { SLOTS, type MapLayerGroup, type Slot } from './map-layer-group.ts';

/** Every tile layer the map knows, in the order the layer list shows them. */
export const layerCatalog: readonly MapLayerGroup[] = [
  adminUnitLayers,
  gridLayers,
  gridRiskLayers,
  householdLayers,
  riskPointLayers,
  hazardLayers,
  patrolLayers,
];

const byCatalog = layerCatalog.flatMap((g) => g.layers);
const slotRank = (slot: Slot) => SLOTS.indexOf(slot);

/** Every style layer id, bottom to top: by slot, then by catalog order within a slot. */
export const drawOrder: readonly string[] = [...byCatalog]
  .sort((a, b) => slotRank(a.slot) - slotRank(b.slot))
  .map((l) => l.spec.id);

/**
 * Clickable layers, the one a click should pick first at the top: points over lines over grid polygons, and labels
 * last, so a village name lying across a grid does not steal the click from the grid.
 */
export const clickOrder: readonly { layer: string; tolerance: number }[] = (() => {
  const rank = (layerId: string) => {
    const slot = byCatalog.find((l) => l.spec.id === layerId)!.slot;
    return slot === 'label' ? -1 : slotRank(slot);
  };
  return layerCatalog
    .flatMap((g) => g.clickable)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(b.c.layer) - rank(a.c.layer) || b.i - a.i)
    .map(({ c }) => c);
})();
