// The patrols panel (巡查覆盖 and 轨迹回放) beside the map, its own chunk: coverage per grid for a period with the
// overdue risk points and the gaps, and the playback of a worker's day with uploading a track.
import type * as maplibregl from 'maplibre-gl';
import { element } from '../dashboard/element.ts';
import { onLangChange, t } from '../i18n/i18n.ts';
import { refreshTileSource } from '../map/refresh-tile-source.ts';
import { localDay } from '../patrols/local-day.ts';
import { fetchPatrol, type UploadResult } from '../patrols/patrol-api.ts';
import { createPlaybackView } from '../patrols/playback-view.ts';
import { createTrackUpload } from '../patrols/track-upload.ts';
import type { Session } from '../session/session-api.ts';
import { createCoverageLayers } from './coverage-layers.ts';
import { createCoverageView } from './coverage-view.ts';

type Tab = 'coverage' | 'playback';

interface Options {
  onClose: () => void;
}

/**
 * Hooks: `el` carries data-tab (coverage, playback); tabs are `button[data-tab]`; the tabs' own hooks are in
 * coverage-view.ts, playback-view.ts and track-upload.ts. `window.gridwatch.patrols.panel` once loaded, with
 * `coverage`, `playback` and `upload`.
 */
export function createPatrolsPanel(el: HTMLElement, map: maplibregl.Map, options: Options) {
  let session: Session | null = null;
  let tab: Tab = 'coverage';
  const layers = createCoverageLayers(map);
  const coverage = createCoverageView(map, layers);
  // The playback renders once while being made, before the upload exists to be told.
  let uploadMade = false;
  const playback = createPlaybackView(map, () => uploadMade && upload.refresh());
  const upload = createTrackUpload({ worker: () => playback.worker, onUploaded: (r) => void uploaded(r) });
  uploadMade = true;

  const title = element('h2');
  const close = element('button', { type: 'button', className: 'dash-close', textContent: '×' });
  close.addEventListener('click', () => options.onClose());
  const tabs = (['coverage', 'playback'] as const).map((name) => {
    const b = element('button', { type: 'button' });
    b.dataset.tab = name;
    b.setAttribute('role', 'tab');
    b.addEventListener('click', () => setTab(name));
    return b;
  });
  const playbackTab = element('div', { className: 'patrols-playback' }, playback.el, upload.el);
  el.replaceChildren(
    element('header', { className: 'dash-header' }, title, close),
    element('nav', { className: 'register-tabs' }, ...tabs),
    coverage.el, playbackTab,
  );

  /** After an upload: the tiles show the new track and the playback opens on its worker's day. */
  async function uploaded(result: UploadResult) {
    refreshTileSource(map, 'patrol');
    const first = result.patrols[0];
    if (!first) return;
    try {
      const patrol = await fetchPatrol(first.id);
      await playback.open(patrol.properties.worker_id, localDay(Date.parse(first.started_at)));
    } catch (err) {
      console.warn('playback after upload:', err);
    }
  }

  function setTab(next: Tab) {
    tab = next;
    render();
    // Each tab's drawing is on the map only while it is shown: a choropleth under a playback hides the track.
    if (tab === 'coverage') {
      playback.hide();
      if (session) coverage.show(session.jurisdiction);
    } else {
      coverage.hide();
      if (session) playback.show(session);
    }
  }

  function render() {
    el.dataset.tab = tab;
    title.textContent = t('patrols.title');
    close.title = t('panel.close');
    close.setAttribute('aria-label', t('panel.close'));
    for (const b of tabs) {
      b.textContent = t(`patrols.tab.${b.dataset.tab as Tab}`);
      b.setAttribute('aria-selected', String(b.dataset.tab === tab));
      b.classList.toggle('active', b.dataset.tab === tab);
    }
    coverage.el.hidden = tab !== 'coverage';
    playbackTab.hidden = tab !== 'playback';
  }

  onLangChange(render);
  render();

  return {
    show(next: Session) {
      session = next;
      upload.setSession(next);
      setTab(tab);
    },
    hide() {
      coverage.hide();
      playback.hide();
    },
    setTab,
    coverage,
    playback,
    upload,
  };
}
