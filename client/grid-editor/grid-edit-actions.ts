import type { LineString, Polygon } from 'geojson';
import { t } from '../i18n/i18n.ts';
import {
  acceptAutoSplit, createGrid, deleteGrid, mergeGrids, restoreGrid, splitGrid, updateGrid,
  type GridFeature, type Proposals,
} from './grid-edit-api.ts';
import type { DraftGeometry } from './grid-draw.ts';
import { fieldEdit, type FieldValues } from './grid-fields.ts';

export type SavingTool = 'draw' | 'edit' | 'split' | 'merge' | 'properties' | 'delete' | 'autoSplit';

/** What the editor holds when the planner presses save. */
export interface EditInput {
  draft: DraftGeometry | null;
  /** The selected grid, as last fetched (its version goes in If-Match). */
  grid: GridFeature | null;
  fields: FieldValues;
  /** Grids picked for a merge. */
  marked: number[];
  autoSplit: { group: string; proposals: Proposals | null };
  reason?: string;
}

/** The grid to select afterwards (none when it is gone) and what to tell the planner, in the current language. */
export interface EditOutcome {
  grid: GridFeature | null;
  text: () => string;
}

const need = <T>(value: T | null | undefined, what: string): T => {
  if (value === null || value === undefined) throw new Error(`nothing to save: no ${what}`);
  return value;
};

/** One save, as each tool sends it to the server; errors (ApiError) are the caller's to explain. */
export async function saveEdit(tool: SavingTool, input: EditInput): Promise<EditOutcome> {
  const { reason } = input;
  switch (tool) {
    case 'draw': {
      const created = await createGrid(need(input.draft, 'drawing') as Polygon, { ...fieldEdit(input.fields), kind: input.fields.kind, reason });
      return { grid: created, text: () => t('editor.done.draw', { code: created.properties.code }) };
    }
    case 'edit': {
      const g = need(input.grid, 'grid');
      const saved = await updateGrid(g.properties.id, g.properties.version, { geometry: need(input.draft, 'drawing') as Polygon, properties: { reason } });
      return { grid: saved, text: () => t('editor.done.edit', { code: saved.properties.code, version: saved.properties.version }) };
    }
    case 'split': {
      const { grids } = await splitGrid(need(input.grid, 'grid').properties.id, need(input.draft, 'line') as LineString, reason);
      const codes = grids.features.map((f) => f.properties.code);
      return { grid: grids.features[0] ?? null, text: () => t('editor.done.split', { n: codes.length, codes: codes.join('、') }) };
    }
    case 'merge': {
      const merged = await mergeGrids(input.marked, reason);
      return { grid: merged, text: () => t('editor.done.merge', { code: merged.properties.code }) };
    }
    case 'properties': {
      const g = need(input.grid, 'grid');
      const saved = await updateGrid(g.properties.id, g.properties.version, { properties: { ...fieldEdit(input.fields), reason } });
      return { grid: saved, text: () => t('editor.done.properties', { code: saved.properties.code, version: saved.properties.version }) };
    }
    case 'delete': {
      const g = need(input.grid, 'grid');
      await deleteGrid(g.properties.id, g.properties.version, reason);
      return { grid: null, text: () => t('editor.done.delete', { code: g.properties.code }) };
    }
    case 'autoSplit': {
      const { group, proposals } = input.autoSplit;
      const { grids } = await acceptAutoSplit(group, need(proposals, 'proposals'), reason);
      return { grid: null, text: () => t('editor.done.autoSplit', { n: grids.features.length }) };
    }
  }
}

/** Makes an old version of a grid its newest one. */
export async function restoreVersion(grid: GridFeature, version: number, reason?: string): Promise<EditOutcome> {
  const restored = await restoreGrid(grid.properties.id, version, reason);
  return { grid: restored, text: () => t('editor.done.restore', { from: version, version: restored.properties.version }) };
}
