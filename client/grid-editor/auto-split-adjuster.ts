import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { t } from '../i18n/i18n.ts';
import { countProposals, type AutoSplitPreview, type Proposals } from './grid-edit-api.ts';
import { roundPosition } from './grid-draw.ts';
import { applyRingEdit, pathsWithout, ringEdit } from './shared-edges.ts';
import { snapLine, type SnapLine } from './snap-to-edges.ts';
import { validateGrid, type Problem } from './validate-grid.ts';

/** Counted again this long after the last change, so a drag sends one request, not one per pointer move. */
const COUNT_DELAY_MS = 300;
/** terra-draw's select mode takes a press this close to a corner as a drag of that corner. */
const CORNER_PIXELS = 40;

export type ProposalStatus = 'ok' | 'few' | 'many';

export interface Proposal {
  geometry: Polygon;
  households: number;
  population: number;
}

type Group = Feature<MultiPolygon | Polygon, { code?: string }>;
type Project = (p: Position) => { x: number; y: number };

/**
 * An auto-split preview being adjusted before it is accepted. One proposal at a time is reshaped with terra-draw
 * (the editor hands each change to `draftChanged`); its shared corners and edges move in the proposals next to it,
 * so the partition stays whole (shared-edges.ts). After each change the households are counted again on the server,
 * and a proposal outside the household range of the preview is flagged. Proposals are checked against each other
 * and the group as drawn grids are (validate-grid.ts).
 */
export function createAutoSplitAdjuster(onUpdate: () => void) {
  let group = '';
  let range = { min: 10, max: 20 };
  let summary: Record<string, unknown> = {};
  let proposals: Proposal[] = [];
  let selected: number | null = null;
  /** The corner being dragged, where it is now. */
  let dragging: Position | null = null;
  let pressed = false;
  /** Bumped on every change of a geometry; counts and checks are for one revision. */
  let revision = 0;
  let counted = 0;
  let countState: 'current' | 'pending' | 'error' = 'current';
  let countError = '';
  let countTimer = 0;
  let countRequest: AbortController | null = null;
  let checked: { key: string; problems: Problem[] } | null = null;
  let lines: { key: string; lines: SnapLine[] } | null = null;

  const rounded = (p: Polygon): Polygon => ({ type: 'Polygon', coordinates: p.coordinates.map((ring) => ring.map(roundPosition)) });

  function changed() {
    revision++;
    countState = 'pending';
    scheduleCount();
  }

  function scheduleCount() {
    clearTimeout(countTimer);
    countTimer = window.setTimeout(() => void count(), COUNT_DELAY_MS);
  }

  async function count() {
    // Mid-drag the shape is not finished: counted when the pointer is let go.
    if (pressed || proposals.length === 0 || counted === revision) return;
    countRequest?.abort();
    const request = new AbortController();
    countRequest = request;
    const asked = revision;
    try {
      const { counts } = await countProposals(group, collection(), request.signal);
      for (const c of counts) {
        const p = proposals[c.index];
        if (p) Object.assign(p, { households: c.households, population: c.population });
      }
      counted = asked;
      countState = asked === revision ? 'current' : 'pending';
    } catch (err) {
      if (request.signal.aborted) return;
      countState = 'error';
      countError = (err as Error).message;
    } finally {
      if (countRequest === request) countRequest = null;
    }
    onUpdate();
  }

  function collection(): Proposals {
    return {
      type: 'FeatureCollection',
      features: proposals.map((p, index) => ({
        type: 'Feature',
        geometry: p.geometry,
        properties: { index, households: p.households, population: p.population },
      })),
    };
  }

  return {
    /** Takes a fresh preview: nothing selected, counts as the server made them. */
    load(preview: AutoSplitPreview, groupCode: string, size: { min: number; max: number }) {
      this.clear();
      group = groupCode;
      const rule = (preview.summary as { rule?: { min?: number; max?: number } }).rule;
      range = { min: rule?.min ?? size.min, max: rule?.max ?? size.max };
      summary = preview.summary;
      proposals = preview.proposals.features.map((f) => ({
        geometry: rounded(f.geometry),
        households: f.properties.households,
        population: f.properties.population,
      }));
      revision++;
      counted = revision;
    },
    clear() {
      clearTimeout(countTimer);
      countRequest?.abort();
      countRequest = null;
      proposals = [];
      selected = null;
      dragging = null;
      pressed = false;
      countState = 'current';
      checked = null;
      lines = null;
    },
    get active(): boolean {
      return proposals.length > 0;
    },
    get group(): string {
      return group;
    },
    get range() {
      return range;
    },
    get summary() {
      return summary;
    },
    get proposals(): readonly Proposal[] {
      return proposals;
    },
    get selected(): number | null {
      return selected;
    },
    /** 'pending' from a change until its counts are in. */
    get counts(): 'current' | 'pending' | 'error' {
      return countState;
    },
    get countError(): string {
      return countError;
    },
    /** The proposals as the server takes them (to count or accept). */
    collection,
    status(p: Proposal): ProposalStatus {
      return p.households < range.min ? 'few' : p.households > range.max ? 'many' : 'ok';
    },
    /** Why a proposal is flagged, in words; empty when it is not. */
    reason(p: Proposal): string {
      const s = this.status(p);
      return s === 'ok' ? '' : t(`editor.autoSplit.${s}`, { min: range.min, max: range.max });
    },
    /** The proposal to reshape next; call before handing its geometry to terra-draw. */
    select(index: number | null) {
      selected = index !== null && proposals[index] ? index : null;
      dragging = null;
    },
    /**
     * terra-draw changed the selected proposal: the edit is repeated in the proposals sharing the corner or edge.
     * Returns whether anything changed.
     */
    draftChanged(geometry: Polygon | null): boolean {
      if (selected === null || !geometry || geometry.type !== 'Polygon') return false;
      const own = proposals[selected];
      const edit = ringEdit(own.geometry.coordinates[0], geometry.coordinates[0]);
      if (edit === null) return false;
      own.geometry = { type: 'Polygon', coordinates: [geometry.coordinates[0], ...own.geometry.coordinates.slice(1)] };
      if (edit) {
        for (const [i, other] of proposals.entries()) {
          if (i === selected) continue;
          const rings = other.geometry.coordinates.map((ring) => applyRingEdit(ring, edit) ?? ring);
          other.geometry = { type: 'Polygon', coordinates: rings };
        }
        if (edit.kind !== 'remove') dragging = edit.kind === 'move' ? edit.to : edit.at;
      }
      changed();
      return true;
    },
    /** A press on the map: the corner of the selected proposal it will drag, if any, is kept out of snapping. */
    press(at: { x: number; y: number }, project: Project) {
      pressed = true;
      dragging = null;
      if (selected === null) return;
      let best = CORNER_PIXELS;
      for (const p of proposals[selected].geometry.coordinates[0]) {
        const q = project(p);
        const d = Math.hypot(q.x - at.x, q.y - at.y);
        if (d <= best) {
          best = d;
          dragging = p;
        }
      }
    },
    /** The pointer let go: the drag is over, so the shape is counted. */
    release() {
      if (!pressed) return;
      pressed = false;
      dragging = null;
      if (counted !== revision) scheduleCount();
    },
    get pressed(): boolean {
      return pressed;
    },
    /**
     * What a dragged corner snaps to: the other proposals' corners and edges (less the dragged corner's own shared
     * copies) and the group boundary.
     */
    snapLines(parent: Group | null): readonly SnapLine[] {
      const key = `${revision}:${selected}:${dragging?.join(',')}:${parent?.properties.code ?? ''}`;
      if (lines?.key === key) return lines.lines;
      const out: SnapLine[] = [];
      for (const [i, p] of proposals.entries()) {
        if (i === selected) continue;
        for (const ring of p.geometry.coordinates) for (const path of pathsWithout(ring, dragging)) out.push(snapLine(path));
      }
      const g = parent?.geometry;
      const polys = g?.type === 'Polygon' ? [g.coordinates] : (g?.coordinates ?? []);
      for (const poly of polys) for (const ring of poly) out.push(snapLine(ring));
      lines = { key, lines: out };
      return out;
    },
    /**
     * What is wrong with the proposals as drawn grids: while a corner is dragged only the selected one (against
     * the others), otherwise all of them, each overlap once.
     */
    problems(parent: Group | null): Problem[] {
      const quick = pressed && selected !== null;
      const key = `${revision}:${quick ? selected : 'all'}:${parent?.properties.code ?? ''}`;
      if (checked?.key === key) return checked.problems;
      const named = proposals.map((p, i) => ({
        type: 'Feature' as const,
        geometry: p.geometry,
        properties: { code: t('editor.autoSplit.name', { n: i + 1 }) },
      }));
      const problems: Problem[] = [];
      for (const [i, p] of proposals.entries()) {
        if (quick && i !== selected) continue;
        const neighbours = named.filter((_, j) => (quick ? j !== i : j > i));
        problems.push(...validateGrid(p.geometry, { neighbours, parent }));
      }
      checked = { key, problems };
      return problems;
    },
    /** Drops the cached checks (their texts are in the language they were made in). */
    recheck() {
      checked = null;
    },
  };
}

export type AutoSplitAdjuster = ReturnType<typeof createAutoSplitAdjuster>;
