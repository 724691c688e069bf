import type { Feature } from 'geojson';
import { formatNumber, t } from '../i18n/i18n.ts';
import { formatArea } from './format-area.ts';
import type { PartitionGaps } from './grid-edit-api.ts';

/**
 * The gaps and overlaps of a unit's partition as a list under their totals, largest first; each item is a button
 * (`[data-testid="gap-list"] button[data-part]`) that hands its feature to `onPick`, to fly the map there.
 */
export function partitionGapList(result: PartitionGaps, onPick: (feature: Feature) => void): HTMLElement {
  const box = document.createElement('div');
  box.className = 'editor-gaps';
  box.dataset.testid = 'gap-list';
  const { totals } = result;
  const summary = document.createElement('p');
  summary.className = 'hint';
  summary.textContent = t('editor.gaps.totals', {
    gaps: formatNumber(totals.gaps),
    gapArea: formatArea(totals.gap_area_m2),
    overlaps: formatNumber(totals.overlaps),
    overlapArea: formatArea(totals.overlap_area_m2),
    households: formatNumber(totals.households_outside),
  });
  box.append(summary);

  const items = [
    ...result.gaps.features.map((f) => ({
      part: 'gap',
      feature: f as Feature,
      area: f.properties.area_m2,
      text: t('editor.gaps.gap', { area: formatArea(f.properties.area_m2), households: formatNumber(f.properties.households ?? 0), group: f.properties.group_code ?? '' }),
    })),
    ...result.overlaps.features.map((f) => ({
      part: 'overlap',
      feature: f as Feature,
      area: f.properties.area_m2,
      text: t('editor.gaps.overlap', { area: formatArea(f.properties.area_m2), ids: (f.properties.grid_ids ?? []).map((id) => `#${id}`).join('、') }),
    })),
  ].sort((a, b) => b.area - a.area);

  if (items.length === 0) {
    const none = document.createElement('p');
    none.textContent = t('editor.gaps.none');
    box.append(none);
    return box;
  }
  const list = document.createElement('ul');
  for (const item of items) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.part = item.part;
    button.className = `gap-item gap-${item.part}`;
    button.textContent = item.text;
    button.addEventListener('click', () => onPick(item.feature));
    li.append(button);
    list.append(li);
  }
  box.append(list);
  return box;
}
