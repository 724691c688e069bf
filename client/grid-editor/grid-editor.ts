import { bbox } from '@turf/turf';
import type * as maplibregl from 'maplibre-gl';
import { ApiError } from '../http/fetch-json.ts';
import { onLangChange, t, tValue } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import { createAutoSplitAdjuster } from './auto-split-adjuster.ts';
import { autoSplitList } from './auto-split-list.ts';
import { createAutoSplitLayers, PROPOSAL_LAYERS } from './auto-split-layers.ts';
import { createEditContext, EDIT_MIN_ZOOM } from './edit-context.ts';
import { button, labelled, paragraph, textInput } from './editor-controls.ts';
import { createEditorLayers, type Mark } from './editor-layers.ts';
import { restoreVersion, saveEdit, type EditInput, type SavingTool } from './grid-edit-actions.ts';
import {
  fetchGridFeature, fetchGridHistory, fetchPartitionGaps, previewAutoSplit, whereOf,
  type GridFeature, type GridHistory, type GridVersion, type PartitionGaps,
} from './grid-edit-api.ts';
import { createGridDraw, type GridDraw } from './grid-draw.ts';
import { fieldsOf, gridFields, type FieldValues } from './grid-fields.ts';
import { gridHistoryList } from './grid-history-list.ts';
import { partitionGapList } from './partition-gap-list.ts';
import { createPartitionGapLayers } from './partition-gap-layers.ts';
import { isWarning, problemList } from './problem-list.ts';
import { refreshGridTiles } from './refresh-grid-tiles.ts';
import { snapToEdges } from './snap-to-edges.ts';
import { validateGrid, validateSplitLine, type Problem } from './validate-grid.ts';
import { createWorkerPicker } from './worker-picker.ts';

export type Tool = 'draw' | 'edit' | 'split' | 'merge' | 'properties' | 'delete' | 'history' | 'gaps' | 'autoSplit';
const TOOLS: Tool[] = ['draw', 'edit', 'split', 'merge', 'properties', 'delete', 'history', 'gaps', 'autoSplit'];
/** While one of these is open, a click on the map belongs to the editor (or terra-draw), not the feature panel. */
const CAPTURING: ReadonlySet<Tool> = new Set(['draw', 'edit', 'split', 'merge']);
/** These act on the selected grid. */
const NEEDS_GRID: ReadonlySet<Tool> = new Set(['edit', 'split', 'properties', 'delete', 'history']);
/** These change grids, so they take a reason (history restores from each row)… */
const WRITES: ReadonlySet<Tool> = new Set(['draw', 'edit', 'split', 'merge', 'properties', 'delete', 'history', 'autoSplit']);
/** …and these have a save button. */
const SAVING: ReadonlySet<Tool> = new Set<SavingTool>(['draw', 'edit', 'split', 'merge', 'properties', 'delete', 'autoSplit']);
/** A click this close to a corner of the proposal being reshaped is terra-draw's (a corner or midpoint handle). */
const SELECT_REACH_PIXELS = 12;

interface Message {
  kind: 'error' | 'info' | 'success';
  text: () => string;
}

interface Options {
  /** Told after every save: a grid the feature panel shows may have changed or gone. */
  onSaved?: () => void;
}

const defaultFields = (): FieldValues => ({ kind: 'residential', name: '', worker: null });

/**
 * Planner mode: the card of grid-editing tools (`#grid-editor`), shown only to a signed-in planner. Created once the
 * map's style has loaded (planner-mode.ts sees to that), since it adds its own sources and layers. It draws new
 * grids, reshapes, splits, merges and deletes them, edits their kind, name and worker (picked from the group's or
 * the township's workers), restores old versions, shows the partition's gaps, and previews an auto-split whose
 * proposals can be reshaped and recounted before they are accepted, checking drafts as they are drawn
 * (validate-grid.ts) and showing where the server's 422 answers say the problem is. The card carries `data-tool`, `data-busy` and the
 * selected grid's `data-grid-id` / `data-grid-version`, and for the draft `data-draft` (none, drawing, finished),
 * `data-problems` (how many) and `data-neighbours` (grids loaded to check it against), for tests.
 */
export function createGridEditor(el: HTMLElement, map: maplibregl.Map, options: Options = {}) {
  const context = createEditContext(map);
  const layers = createEditorLayers(map);
  const gapLayers = createPartitionGapLayers(map);
  const proposalLayers = createAutoSplitLayers(map);
  let draw: GridDraw | null = null;
  const picker = createWorkerPicker();

  let session: Session | null = null;
  let tool: Tool | null = null;
  let busy = false;
  let grid: GridFeature | null = null;
  let gridRequest = 0;
  let fields = defaultFields();
  let reason = '';
  let problems: Problem[] = [];
  let serverMark: Mark | null = null;
  let message: Message | null = null;
  let editingId: number | null = null;
  const marked = new Map<number, string>();
  let history: GridHistory | null = null;
  const gaps = { unit: '', result: null as PartitionGaps | null, loading: false };
  const autoSplit = { group: '', min: '10', max: '20', loading: false };
  // The preview being adjusted; its counts arrive after each change.
  const adjust = createAutoSplitAdjuster(() => {
    showProposals();
    renderLive();
  });

  // Parts of the card updated without a full redraw, so typing is never interrupted by a mouse move on the map.
  let problemsSlot: HTMLElement | null = null;
  let saveButton: HTMLButtonElement | null = null;
  let groupLine: HTMLElement | null = null;
  let proposalSlot: HTMLElement | null = null;

  const enabled = () => session !== null && session.role === 'planner';

  // --- map state -------------------------------------------------------------------------------------------------

  function gridState(id: number, state: Record<string, boolean>) {
    if (map.getSource('grid')) map.setFeatureState({ source: 'grid', sourceLayer: 'grid', id }, state);
  }

  function setEditing(id: number | null) {
    if (editingId !== null) gridState(editingId, { editing: false });
    editingId = id;
    if (id !== null) gridState(id, { editing: true });
  }

  function clearMarked() {
    for (const id of marked.keys()) gridState(id, { marked: false });
    marked.clear();
  }

  function showMarks() {
    const marks: Mark[] = problems.map((p) => ({ geometry: p.where, kind: p.kind }));
    layers.showProblems(serverMark ? [...marks, serverMark] : marks);
  }

  /** The part of the map not under the layer list (left) and this card (right), so a fitted grid can be reached. */
  function openArea(): { top: number; bottom: number; left: number; right: number } {
    const box = map.getContainer().getBoundingClientRect();
    const list = document.getElementById('layer-list')?.getBoundingClientRect();
    const card = el.getBoundingClientRect();
    const left = list && list.width ? list.right - box.left + 20 : 40;
    const right = card.width ? box.right - card.left + 20 : 40;
    // On a narrow screen the cards cover most of the width; then fit to the whole map instead.
    return left + right < box.width - 200 ? { top: 70, bottom: 50, left, right } : { top: 40, bottom: 40, left: 40, right: 40 };
  }

  function fitTo(feature: Parameters<typeof bbox>[0], maxZoom = 17) {
    const [w, s, e, n] = bbox(feature);
    map.fitBounds([[w, s], [e, n]], { padding: openArea(), maxZoom, duration: 0 });
  }

  /** Whether a geometry lies wholly in the open part of the map. */
  function inOpenArea(geometry: Parameters<typeof bbox>[0]): boolean {
    const [w, s, e, n] = bbox(geometry);
    const pad = openArea();
    const { width, height } = map.getContainer().getBoundingClientRect();
    const nw = map.project([w, n]);
    const se = map.project([e, s]);
    return nw.x >= pad.left && nw.y >= pad.top && se.x <= width - pad.right && se.y <= height - pad.bottom;
  }

  /** Fits the grid into the open part of the map unless it is already wholly there at an editing zoom. */
  function bringIntoView(g: GridFeature) {
    if (!inOpenArea(g) || map.getZoom() < EDIT_MIN_ZOOM + 1) fitTo(g);
  }

  // --- validation --------------------------------------------------------------------------------------------------

  let frame = 0;
  let groupCheckedFor = '';
  /** Checks the draft again at the next frame: terra-draw reports a change on every pointer move. */
  function scheduleCheck() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      check();
    });
  }

  function check() {
    const g = draw?.geometry() ?? null;
    if (tool === 'draw' && g?.type === 'Polygon') {
      // Which group the draft is in is looked up when a corner is added or the ring closes, not on every move.
      const key = `${g.coordinates[0].length}:${draw!.finished}`;
      if (key !== groupCheckedFor) {
        groupCheckedFor = key;
        const group = context.groupUnder(g) ?? null;
        if (group && group !== context.parentCode) void context.setParent(group);
      }
      problems = validateGrid(g, { neighbours: context.neighbours, parent: context.parent });
    } else if (tool === 'edit' && g?.type === 'Polygon') {
      problems = validateGrid(g, { neighbours: context.neighbours, parent: context.parent });
    } else if (tool === 'split' && g?.type === 'LineString' && grid && draw?.finished) {
      problems = validateSplitLine(g, grid.geometry);
    } else if (tool === 'autoSplit' && adjust.active) {
      problems = adjust.problems(context.parent);
      showProposals();
    } else {
      problems = [];
    }
    layers.showParent(CAPTURING.has(tool!) ? (context.parent?.geometry ?? null) : null);
    showMarks();
    renderLive();
  }

  // --- selection ---------------------------------------------------------------------------------------------------

  async function selectGrid(id: number) {
    const request = ++gridRequest;
    try {
      const feature = await fetchGridFeature(id);
      if (request !== gridRequest) return;
      grid = feature;
      fields = fieldsOf(feature);
      if (tool === 'history') await loadHistory();
      if (tool === 'gaps' && !gaps.result) gaps.unit = feature.properties.group_code.slice(0, 12);
      if (tool === 'autoSplit' && !adjust.active) autoSplit.group = feature.properties.group_code;
    } catch (err) {
      if (request !== gridRequest) return;
      message = { kind: 'error', text: () => t('editor.error.generic', { message: (err as Error).message }) };
    }
    render();
  }

  function toggleMarked(feature: maplibregl.MapGeoJSONFeature) {
    const id = Number(feature.id);
    if (marked.has(id)) {
      marked.delete(id);
      gridState(id, { marked: false });
    } else {
      marked.set(id, String(feature.properties.code ?? id));
      gridState(id, { marked: true });
    }
    render();
  }

  // --- tools -------------------------------------------------------------------------------------------------------

  /** Leaves the open tool, dropping its draft and marks; `next` opens another (null: none). */
  function openTool(next: Tool | null) {
    draw?.stop();
    setEditing(null);
    if (tool === 'merge' || next === 'merge') clearMarked();
    if (tool === 'autoSplit') {
      // Reopening the tool starts again from a fresh preview.
      adjust.clear();
      proposalLayers.show(null);
    }
    problems = [];
    serverMark = null;
    layers.showPreview(null);
    layers.showParent(null);
    showMarks();
    tool = next;
    if (next && NEEDS_GRID.has(next) && !grid) {
      message = { kind: 'info', text: () => t('editor.hint.needGrid') };
      tool = null;
      render();
      return;
    }
    message = null;
    switch (next) {
      case 'draw':
        if (map.getZoom() < EDIT_MIN_ZOOM) {
          message = { kind: 'info', text: () => t('editor.zoomIn', { zoom: EDIT_MIN_ZOOM }) };
          tool = null;
          break;
        }
        fields = defaultFields();
        picker.reset();
        groupCheckedFor = '';
        context.exclude([]);
        void context.setParent(null);
        void context.refresh();
        draw?.drawPolygon();
        break;
      case 'edit':
        bringIntoView(grid!);
        context.exclude([grid!.properties.id]);
        void context.setParent(grid!.properties.group_code);
        void context.refresh();
        if (draw?.editPolygon(grid!.geometry)) {
          setEditing(grid!.properties.id);
        } else {
          message = { kind: 'error', text: () => t('editor.error.holes') };
          tool = null;
        }
        break;
      case 'split':
        bringIntoView(grid!);
        context.exclude([]);
        void context.setParent(grid!.properties.group_code);
        void context.refresh();
        draw?.drawLine();
        break;
      case 'merge':
        if (grid) {
          marked.set(grid.properties.id, grid.properties.code);
          gridState(grid.properties.id, { marked: true });
        }
        break;
      case 'properties':
        fields = fieldsOf(grid!);
        picker.reset();
        break;
      case 'history':
        history = null;
        void loadHistory().then(render);
        break;
      case 'gaps':
        gaps.unit ||= grid ? grid.properties.group_code.slice(0, 12) : (session?.jurisdiction ?? '');
        break;
      case 'autoSplit':
        autoSplit.group ||= grid?.properties.group_code ?? '';
        break;
    }
    render();
  }

  async function loadHistory() {
    if (!grid) return;
    const id = grid.properties.id;
    try {
      const h = await fetchGridHistory(id);
      if (grid?.properties.id === id) history = h;
    } catch (err) {
      message = { kind: 'error', text: () => t('editor.error.generic', { message: (err as Error).message }) };
    }
  }

  // --- saving ------------------------------------------------------------------------------------------------------

  const blocking = () => problems.some((p) => !isWarning(p));

  function canSave(): boolean {
    if (busy || !tool) return false;
    const g = draw?.geometry();
    switch (tool) {
      case 'draw':
      case 'edit':
        return Boolean(draw?.finished && g?.type === 'Polygon' && !blocking());
      case 'split':
        return Boolean(draw?.finished && g?.type === 'LineString' && !blocking());
      case 'merge':
        return marked.size >= 2;
      case 'properties':
      case 'delete':
        return grid !== null;
      case 'autoSplit':
        return adjust.active && !blocking();
      default:
        return false;
    }
  }

  /** Runs one write; on success the tool closes, the tiles and neighbours are fetched again, and `done` is said. */
  async function write(run: () => Promise<{ text: () => string; grid: GridFeature | null }>) {
    if (busy) return;
    busy = true;
    message = null;
    serverMark = null;
    showMarks();
    render();
    try {
      const result = await run();
      busy = false;
      reason = '';
      openTool(null);
      grid = result.grid;
      if (grid) fields = fieldsOf(grid);
      message = { kind: 'success', text: result.text };
      refreshGridTiles(map);
      void context.refresh(true);
      if (gaps.result) void checkGaps();
      options.onSaved?.();
    } catch (err) {
      busy = false;
      await explain(err);
    }
    render();
  }

  async function explain(err: unknown) {
    if (!(err instanceof ApiError)) {
      message = { kind: 'error', text: () => t('editor.error.generic', { message: String((err as Error)?.message ?? err) }) };
      return;
    }
    if (err.status === 409 && err.code === 'version_conflict' && grid) {
      const current = (err.details as { current_version?: number } | undefined)?.current_version;
      const text = () => t('editor.error.version_conflict', { version: current ?? '?' });
      try {
        grid = await fetchGridFeature(grid.properties.id);
      } catch {
        // the message says what happened; the old copy stays
      }
      message = { kind: 'error', text };
      return;
    }
    if (err.status === 422) {
      const where = whereOf(err.details);
      serverMark = where ? { geometry: where, kind: err.code } : null;
      showMarks();
      if (where && !inOpenArea(where)) fitTo(where, 17);
      const { code, message: server } = err;
      message = { kind: 'error', text: () => t('editor.error.rejected', { reason: tValue('editor.error', code), message: server }) };
      return;
    }
    message = { kind: 'error', text: () => t('editor.error.generic', { message: err.message }) };
  }

  function save() {
    if (!tool || !SAVING.has(tool)) return;
    const input: EditInput = {
      draft: draw?.geometry() ?? null,
      grid,
      fields,
      marked: [...marked.keys()],
      autoSplit: { group: adjust.group, proposals: adjust.active ? adjust.collection() : null },
      reason: reason.trim() || undefined,
    };
    void write(() => saveEdit(tool as SavingTool, input));
  }

  function restore(v: GridVersion) {
    const g = grid!;
    void write(() => restoreVersion(g, v.version, reason.trim() || undefined)).then(async () => {
      // The history stays open after a restore, showing the version just made.
      if (grid && grid.properties.id === g.properties.id) {
        tool = 'history';
        await loadHistory();
        render();
      }
    });
  }

  async function checkGaps() {
    const unit = gaps.unit.trim();
    if (!unit) return;
    gaps.loading = true;
    render();
    try {
      gaps.result = await fetchPartitionGaps(unit);
      gapLayers.show(gaps.result);
    } catch (err) {
      message = { kind: 'error', text: () => t('editor.error.generic', { message: (err as Error).message }) };
    }
    gaps.loading = false;
    render();
  }

  async function previewSplit() {
    const group = autoSplit.group.trim();
    if (!group) return;
    autoSplit.loading = true;
    message = null;
    serverMark = null;
    draw?.stop();
    adjust.clear();
    proposalLayers.show(null);
    render();
    try {
      const size = { min: Number(autoSplit.min) || 10, max: Number(autoSplit.max) || 20 };
      const preview = await previewAutoSplit(group, size);
      adjust.load(preview, group, size);
      // The group's boundary: proposals are checked against it, and their corners snap to it.
      void context.setParent(group);
      showProposals();
      if (preview.proposals.features.length) fitTo(preview.proposals, 16);
    } catch (err) {
      await explain(err);
    }
    autoSplit.loading = false;
    scheduleCheck();
    render();
  }

  function showProposals() {
    proposalLayers.show(adjust.proposals.map((p, index) => {
      const label = t('editor.autoSplit.label', { households: p.households });
      const reason = adjust.reason(p);
      return { geometry: p.geometry, index, label: reason ? `${label}\n${reason}` : label, flagged: reason !== '', selected: adjust.selected === index };
    }));
  }

  /**
   * Puts one proposal up for reshaping with terra-draw (the others stay as they are, to snap to). Picked from the
   * list, the map is moved to show it whole; picked on the map, it stays where the planner is looking.
   */
  function reshapeProposal(index: number, bringIntoView = true) {
    if (!draw || busy || index === adjust.selected) return;
    const proposal = adjust.proposals[index];
    if (!proposal) return;
    // Selected first: terra-draw reports the polygon it is given as a change, which must read as no edit.
    adjust.select(index);
    if (!draw.editPolygon(proposal.geometry)) {
      adjust.select(null);
      draw.stop();
      message = { kind: 'error', text: () => t('editor.error.holes') };
    } else if (message?.kind === 'error') {
      message = null;
    }
    if (bringIntoView && !inOpenArea(proposal.geometry)) fitTo(proposal.geometry, 17);
    showProposals();
    render();
  }

  // --- rendering ---------------------------------------------------------------------------------------------------

  function toolBody(): HTMLElement[] {
    const g = grid?.properties;
    switch (tool) {
      case 'draw': {
        groupLine = paragraph('', 'hint editor-group');
        picker.setGroup(context.parentCode);
        return [paragraph(t('editor.hint.draw')), groupLine, gridFields(fields, picker)];
      }
      case 'edit':
        return [paragraph(t('editor.hint.edit'))];
      case 'split':
        return [paragraph(t('editor.hint.split'))];
      case 'merge': {
        const list = document.createElement('ul');
        list.className = 'editor-marked';
        for (const [id, code] of marked) {
          const li = document.createElement('li');
          li.dataset.gridId = String(id);
          li.append(`${code} `, button('×', { action: 'unmark' }, () => {
            marked.delete(id);
            gridState(id, { marked: false });
            render();
          }));
          list.append(li);
        }
        return [paragraph(t('editor.hint.merge')), list];
      }
      case 'properties':
        picker.setGroup(g!.group_code);
        return [gridFields(fields, picker, g!.code)];
      case 'delete':
        return [paragraph(t('editor.hint.delete', { name: g!.name, code: g!.code }), 'warning')];
      case 'history':
        return history
          ? [gridHistoryList(history, g!.version, busy, { onRestore: restore, onPreview: (geom) => layers.showPreview(geom) })]
          : [paragraph(t('editor.history.loading'))];
      case 'gaps': {
        const row = document.createElement('div');
        row.className = 'editor-row';
        row.append(
          labelled(t('editor.gaps.unit'), textInput('unit', gaps.unit, (v) => (gaps.unit = v))),
          button(t('editor.action.check'), { action: 'check' }, () => void checkGaps(), gaps.loading),
          button(t('editor.action.clear'), { action: 'clear' }, () => {
            gaps.result = null;
            gapLayers.show(null);
            render();
          }, !gaps.result),
        );
        const out: HTMLElement[] = [row];
        if (gaps.loading) out.push(paragraph(t('editor.gaps.loading')));
        else if (gaps.result) out.push(partitionGapList(gaps.result, (f) => fitTo(f)));
        return out;
      }
      case 'autoSplit': {
        const row = document.createElement('div');
        row.className = 'editor-row';
        row.append(
          labelled(t('editor.autoSplit.group'), textInput('group', autoSplit.group, (v) => (autoSplit.group = v))),
          labelled(t('editor.autoSplit.min'), textInput('min', autoSplit.min, (v) => (autoSplit.min = v), 'number')),
          labelled(t('editor.autoSplit.max'), textInput('max', autoSplit.max, (v) => (autoSplit.max = v), 'number')),
          button(t('editor.action.preview'), { action: 'preview' }, () => void previewSplit(), autoSplit.loading),
        );
        const out: HTMLElement[] = [row];
        if (autoSplit.loading) out.push(paragraph(t('editor.autoSplit.loading')));
        proposalSlot = document.createElement('div');
        out.push(proposalSlot);
        return out;
      }
      default:
        return [];
    }
  }

  function saveLabel(): string {
    switch (tool) {
      case 'merge': return t('editor.action.save.merge', { n: marked.size });
      case 'draw': case 'edit': case 'split': case 'properties': case 'delete': case 'autoSplit':
        return t(`editor.action.save.${tool}`);
      default: return t('editor.save');
    }
  }

  /** The parts that follow the draft: problems, the draft's group, whether saving is allowed. */
  function renderLive() {
    if (problemsSlot) problemsSlot.replaceChildren(problemList(problems));
    if (proposalSlot) proposalSlot.replaceChildren(...(adjust.active ? [autoSplitList(adjust, reshapeProposal)] : []));
    if (tool === 'draw') picker.setGroup(context.parentCode);
    if (saveButton) saveButton.disabled = !canSave();
    if (groupLine) {
      const code = context.parentCode;
      groupLine.textContent = code ? t('editor.field.group', { group: code }) : t('editor.field.groupUnknown');
    }
    el.dataset.problems = String(problems.length);
    el.dataset.neighbours = String(context.neighbours.length);
    el.dataset.draft = draw?.finished ? 'finished' : draw?.geometry() ? 'drawing' : 'none';
  }

  function render() {
    el.hidden = !enabled();
    el.dataset.tool = tool ?? '';
    el.dataset.busy = busy ? 'true' : 'false';
    el.dataset.gridId = grid ? String(grid.properties.id) : '';
    el.dataset.gridVersion = grid ? String(grid.properties.version) : '';
    if (!enabled()) {
      el.replaceChildren();
      return;
    }
    const title = document.createElement('h2');
    title.textContent = t('editor.title');

    const selected = paragraph(
      grid ? t('editor.selected', { name: grid.properties.name, code: grid.properties.code, version: grid.properties.version }) : t('editor.selectHint'),
      'editor-selected',
    );
    selected.dataset.testid = 'editor-selected';

    const tools = document.createElement('div');
    tools.className = 'editor-tools';
    tools.setAttribute('role', 'toolbar');
    for (const name of TOOLS) {
      const b = button(t(`editor.tool.${name}`), { tool: name }, () => openTool(tool === name ? null : name),
        busy || (NEEDS_GRID.has(name) && !grid));
      b.setAttribute('aria-pressed', String(tool === name));
      if (name === 'gaps') b.classList.add('separated');
      tools.append(b);
    }

    groupLine = null;
    proposalSlot = null;
    picker.detach();
    const body = document.createElement('div');
    body.className = 'editor-body';
    body.append(...toolBody());

    problemsSlot = document.createElement('div');

    const parts: HTMLElement[] = [title, selected, tools, body, problemsSlot];

    saveButton = null;
    if (tool && WRITES.has(tool)) {
      const label = document.createElement('label');
      label.className = 'editor-reason';
      const area = document.createElement('textarea');
      area.name = 'reason';
      area.rows = 2;
      area.maxLength = 500;
      area.placeholder = t('editor.reasonPlaceholder');
      area.value = reason;
      area.addEventListener('input', () => (reason = area.value));
      label.append(t('editor.reason'), area);
      parts.push(label);
    }

    const status = paragraph(busy ? t('editor.busy') : (message?.text() ?? ''), 'editor-message');
    status.dataset.testid = 'editor-message';
    status.dataset.kind = busy ? 'info' : (message?.kind ?? '');
    status.setAttribute('role', 'status');
    status.hidden = !busy && !message;
    parts.push(status);

    if (tool) {
      const actions = document.createElement('div');
      actions.className = 'editor-actions';
      if (SAVING.has(tool)) {
        saveButton = button(busy ? t('editor.busy') : saveLabel(), { action: 'save' }, () => void save());
        saveButton.classList.add(tool === 'delete' ? 'danger' : 'primary');
        actions.append(saveButton);
      }
      actions.append(button(tool === 'history' || tool === 'gaps' ? t('editor.close') : t('editor.cancel'), { action: 'cancel' }, () => openTool(null), busy));
      parts.push(actions);
    }

    el.replaceChildren(...parts);
    renderLive();
  }

  // --- wiring ------------------------------------------------------------------------------------------------------

  function setUp() {
    if (!enabled() || draw) return;
    layers.add();
    gapLayers.add();
    proposalLayers.add();
    draw = createGridDraw(map, snapToEdges(() => (tool === 'autoSplit' ? adjust.snapLines(context.parent) : context.snapLines)));
    draw.onChange((geometry) => {
      if (tool === 'autoSplit') {
        // Every pointer move of a drag: the edit is repeated in the proposals sharing the corner at once, so the
        // next snap already sees them where they are.
        if (geometry?.type !== 'Polygon' || !adjust.draftChanged(geometry)) return;
      }
      serverMark = null;
      scheduleCheck();
    });
    render();
  }

  function tearDown() {
    openTool(null);
    clearMarked();
    draw?.destroy();
    draw = null;
    layers.remove();
    gapLayers.remove();
    proposalLayers.remove();
    grid = null;
    history = null;
    gaps.result = null;
    adjust.clear();
    message = null;
  }

  context.onChange(scheduleCheck);

  map.on('click', (e) => {
    if (!enabled() || busy) return;
    if (tool && CAPTURING.has(tool) && tool !== 'merge') return; // terra-draw's click
    if (tool === 'autoSplit' && adjust.active) {
      // A click on a corner or midpoint of the proposal being reshaped is terra-draw's, even over a neighbour.
      if (nearSelectedProposal(e.point)) return;
      const [hit] = map.getLayer(PROPOSAL_LAYERS.fill) ? map.queryRenderedFeatures(e.point, { layers: [PROPOSAL_LAYERS.fill] }) : [];
      if (hit) reshapeProposal(Number(hit.properties.index), false);
      return;
    }
    const [feature] = map.getLayer('grid-fill') ? map.queryRenderedFeatures(e.point, { layers: ['grid-fill'] }) : [];
    if (tool === 'merge') {
      if (feature?.id !== undefined) toggleMarked(feature);
      return;
    }
    if (feature?.id !== undefined) void selectGrid(Number(feature.id));
  });

  /** Whether a point on screen is on, or within terra-draw's reach of, the proposal being reshaped. */
  function nearSelectedProposal(point: { x: number; y: number }): boolean {
    if (adjust.selected === null) return false;
    const ring = adjust.proposals[adjust.selected].geometry.coordinates[0].map((p) => map.project(p as [number, number]));
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [a, b] = [ring[i], ring[j]];
      if (a.y > point.y !== b.y > point.y && point.x < ((b.x - a.x) * (point.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
      // Near the edge from b to a: its corners and its midpoint handle.
      const [dx, dy] = [a.x - b.x, a.y - b.y];
      const along = dx || dy ? Math.max(0, Math.min(1, ((point.x - b.x) * dx + (point.y - b.y) * dy) / (dx * dx + dy * dy))) : 0;
      if (Math.hypot(b.x + along * dx - point.x, b.y + along * dy - point.y) <= SELECT_REACH_PIXELS) return true;
    }
    return inside;
  }

  // terra-draw takes a press near a corner of the proposal being reshaped as a drag of that corner; which corner is
  // noted first (capture), so its shared copies are kept out of the snapping from the very first move.
  const container = map.getCanvasContainer();
  container.addEventListener('pointerdown', (e) => {
    if (tool !== 'autoSplit' || !adjust.active) return;
    const box = container.getBoundingClientRect();
    adjust.press({ x: e.clientX - box.left, y: e.clientY - box.top }, (p) => map.project(p as [number, number]));
  }, { capture: true });
  window.addEventListener('pointerup', () => {
    if (!adjust.pressed) return;
    adjust.release();
    scheduleCheck(); // all the proposals again, now the drag is over
  }, { capture: true });

  map.on('moveend', () => {
    if (enabled() && tool && CAPTURING.has(tool)) void context.refresh();
  });

  onLangChange(() => {
    render();
    if (adjust.active) {
      adjust.recheck();
      showProposals();
      scheduleCheck();
    }
  });

  return {
    /** Follows the session: on for role planner, off (tools, drafts and layers gone) for anyone else. */
    setSession(next: Session | null) {
      const was = enabled();
      session = next;
      if (was && !enabled()) tearDown();
      setUp();
      render();
    },
    /**
     * True while a click on the map is the editor's (drawing, reshaping, splitting, picking grids to merge, picking
     * an auto-split proposal to reshape).
     */
    get capturesClicks(): boolean {
      return enabled() && tool !== null && (CAPTURING.has(tool) || (tool === 'autoSplit' && adjust.active));
    },
    /** Selects a grid as a click on it would (for the feature panel's grid, or tests). */
    selectGrid: (id: number) => selectGrid(id),
    get tool(): Tool | null {
      return tool;
    },
  };
}
