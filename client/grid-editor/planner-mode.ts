import type * as maplibregl from 'maplibre-gl';
import type { Session } from '../session/session-api.ts';
import type { createGridEditor } from './grid-editor.ts';

export type GridEditor = ReturnType<typeof createGridEditor>;

/**
 * Loads the grid editor for planners only: its code (terra-draw, Turf's overlays) is a separate chunk that other
 * users never download. The editor is created once both a planner is signed in and the map's style has loaded,
 * and then follows every session change.
 */
export function createPlannerMode(el: HTMLElement, map: maplibregl.Map, options: { onSaved?: () => void } = {}) {
  let session: Session | null = null;
  let styleLoaded = false;
  let editor: GridEditor | null = null;
  let loading: Promise<void> | null = null;

  function apply() {
    if (editor) {
      editor.setSession(session);
      return;
    }
    if (!styleLoaded || session?.role !== 'planner' || loading) return;
    loading = import('./grid-editor.ts').then(
      ({ createGridEditor }) => {
        editor = createGridEditor(el, map, options);
        editor.setSession(session);
      },
      (err: unknown) => {
        console.warn('grid editor:', err);
        loading = null; // a later sign-in tries again
      },
    );
  }

  return {
    setSession(next: Session | null) {
      session = next;
      apply();
    },
    setStyleLoaded() {
      styleLoaded = true;
      apply();
    },
    /** True while a click on the map is the editor's, so the feature panel leaves it alone. */
    get capturesClicks(): boolean {
      return editor?.capturesClicks ?? false;
    },
    /** The editor once loaded, for tests (`window.gridwatch.planner.editor`). */
    get editor(): GridEditor | null {
      return editor;
    },
    /** Resolves when the editor's code has loaded (at once when it is not being loaded). */
    get ready(): Promise<void> {
      return loading ?? Promise.resolve();
    },
  };
}
