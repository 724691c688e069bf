// The map of a disaster: its footprint, its verification tasks coloured by state, and the task being worked on with
// its households numbered in visiting order along the tour.
import type { Feature, FeatureCollection, LineString } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { TEXT_FONT } from '../layers/label-text.ts';
import type { Disaster, Task, TaskDetail, TaskState } from './disaster-api.ts';
import { createMapOverlay } from './map-overlay.ts';

/** One colour per task state, shared by the map and the legend. */
export const TASK_COLOURS: Record<TaskState, string> = {
  ready: '#7b8794', in_progress: '#f2a20c', verified: '#2e7d32', needs_recheck: '#c62828',
};

const stateColour: maplibregl.ExpressionSpecification = ['match', ['get', 'state'],
  ...Object.entries(TASK_COLOURS).flat(), '#7b8794'] as unknown as maplibregl.ExpressionSpecification;

const collection = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });

/**
 * Hooks (style layer ids): `disaster-footprint-fill`, `disaster-footprint-line`; `verification-task-fill` and
 * `verification-task-line` (property `state`, feature id the task id), `verification-task-label`; the open task's
 * `task-tour-line`, `task-household-circle` and `task-household-label` (property `visit`).
 */
export function createDisasterLayers(map: maplibregl.Map) {
  const footprint = createMapOverlay(map, 'disaster-footprint', [
    { id: 'disaster-footprint-fill', type: 'fill', source: 'disaster-footprint', paint: { 'fill-color': '#b3261e', 'fill-opacity': 0.08 } },
    { id: 'disaster-footprint-line', type: 'line', source: 'disaster-footprint',
      paint: { 'line-color': '#b3261e', 'line-width': 2.5, 'line-dasharray': [3, 1.5] } },
  ]);
  const tasks = createMapOverlay(map, 'verification-tasks', [
    { id: 'verification-task-fill', type: 'fill', source: 'verification-tasks',
      paint: { 'fill-color': stateColour, 'fill-opacity': ['case', ['boolean', ['get', 'picked'], false], 0.5, 0.3] } },
    { id: 'verification-task-line', type: 'line', source: 'verification-tasks',
      paint: { 'line-color': stateColour, 'line-width': ['case', ['boolean', ['get', 'picked'], false], 3, 1.2] } },
    { id: 'verification-task-label', type: 'symbol', source: 'verification-tasks', minzoom: 13,
      layout: { 'text-field': ['to-string', ['get', 'seq']], 'text-font': TEXT_FONT, 'text-size': 12 },
      paint: { 'text-color': '#1f2430', 'text-halo-color': '#fff', 'text-halo-width': 1.5 } },
  ]);
  const visits = createMapOverlay(map, 'task-visits', [
    { id: 'task-tour-line', type: 'line', source: 'task-visits', filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': '#1565c0', 'line-width': 2, 'line-dasharray': [2, 1] } },
    { id: 'task-household-circle', type: 'circle', source: 'task-visits', filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 9, 'circle-color': '#1565c0', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } },
    { id: 'task-household-label', type: 'symbol', source: 'task-visits', filter: ['==', ['geometry-type'], 'Point'],
      layout: { 'text-field': ['to-string', ['get', 'visit']], 'text-font': TEXT_FONT, 'text-size': 10, 'text-allow-overlap': true },
      paint: { 'text-color': '#fff' } },
  ]);

  return {
    showFootprint(d: Disaster | null) {
      if (d) footprint.set(collection([{ type: 'Feature', geometry: d.geometry, properties: { id: d.id } }]));
      else footprint.clear();
    },
    showTasks(list: Task[], picked: number | null = null) {
      tasks.set(collection(list.map((t) => ({ type: 'Feature', id: t.properties.id, geometry: t.geometry,
        properties: { id: t.properties.id, seq: t.properties.seq, state: t.properties.state, picked: t.properties.id === picked } }))));
    },
    showVisits(task: TaskDetail | null) {
      if (!task) {
        visits.clear();
        return;
      }
      const hs = task.properties.households;
      const tour: LineString = { type: 'LineString', coordinates: hs.map((h) => [h.lon, h.lat]) };
      visits.set(collection([
        ...(hs.length > 1 ? [{ type: 'Feature' as const, geometry: tour, properties: {} }] : []),
        ...hs.map((h): Feature => ({ type: 'Feature', id: h.id, geometry: { type: 'Point', coordinates: [h.lon, h.lat] },
          properties: { id: h.id, visit: h.visit, persons: h.persons } })),
      ]));
    },
    clear() {
      footprint.clear();
      tasks.clear();
      visits.clear();
    },
  };
}

export type DisasterLayers = ReturnType<typeof createDisasterLayers>;
