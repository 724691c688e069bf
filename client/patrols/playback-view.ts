// Playback of a worker's day (轨迹回放): pick the worker and the day, then a time slider and play/pause over the
// day's patrols; the track is drawn as far as the slider, the worker's position marked, the risk points passed lit
// as the time passes them. deck.gl (playback-overlay.ts) loads on the first playback.
import type * as maplibregl from 'maplibre-gl';
import { element } from '../dashboard/element.ts';
import { formatNumber, onLangChange, t } from '../i18n/i18n.ts';
import { fetchRiskPoint } from '../risk-points/risk-point-api.ts';
import type { Session } from '../session/session-api.ts';
import { isDay, localClock, localDay } from './local-day.ts';
import { fetchPatrolDay, fetchWorkers, type PatrolFeature, type Person } from './patrol-api.ts';
import type { PassedPoint, PlaybackOverlay } from './playback-overlay.ts';
import type { TimedTrack } from './track-timeline.ts';

type State = 'off' | 'loading' | 'ready' | 'empty' | 'error';
/** Seconds of the day per second of playback. */
const SPEEDS = [10, 60, 300, 900];
/** Arrow keys move the slider this many seconds, Page keys ten times as far: single seconds are too fine by hand. */
const KEY_STEP_S = 30;
/** Visits whose risk point is looked up for its place and name; a day passes far fewer. */
const MAX_LOOKUPS = 40;

interface Visit extends PassedPoint {
  name: string;
}

/**
 * Hooks: the view carries data-state (off, loading, ready, empty, error), data-worker, data-day, data-start, data-end,
 * data-current (epoch seconds), data-points (fixes in the day's tracks) and data-drawn (fixes drawn so far); the
 * worker is `select[name=worker]` (with `input[name=worker_search]` for leaders), the day `input[name=day]`, the
 * slider `input[name=time]`, `button[data-action="play"]` with aria-pressed, `select[name=speed]`, and the risk points
 * passed `[data-testid="playback-visits"] li[data-risk-point-id][data-passed]`.
 */
/** `onWorker` is told when the chosen worker may have changed (the upload names them). */
export function createPlaybackView(map: maplibregl.Map, onWorker?: () => void) {
  const el = element('section', { className: 'playback-view' });
  el.dataset.testid = 'playback-view';
  let session: Session | null = null;
  let workers: Person[] = [];
  let worker: number | null = null;
  let day = localDay(Date.now());
  let state: State = 'off';
  let failure = '';
  let tracks: TimedTrack[] = [];
  let visits: Visit[] = [];
  let start = 0;
  let end = 0;
  let current = 0;
  let playing = false;
  let speed = SPEEDS[1];
  let lastFrame = 0;
  let overlay: PlaybackOverlay | null = null;
  let overlayLoading: Promise<PlaybackOverlay> | null = null;
  let request: AbortController | null = null;
  let settled: Promise<void> = Promise.resolve();

  const workerSelect = element('select', { name: 'worker' });
  const search = element('input', { type: 'search', name: 'worker_search' });
  const dayInput = element('input', { type: 'date', name: 'day' });
  const slider = element('input', { type: 'range', name: 'time', min: '0', max: '0', step: '1', value: '0' });
  const clock = element('output', { className: 'playback-clock' });
  const play = element('button', { type: 'button', className: 'primary' });
  play.dataset.action = 'play';
  const speedSelect = element('select', { name: 'speed' });
  const status = element('p', { className: 'hint' });
  status.setAttribute('role', 'status');
  const visitList = element('ul', { className: 'coverage-list' });
  visitList.dataset.testid = 'playback-visits';
  const searchLabel = element('label', {}, element('span'), search);
  const pick = element('form', { className: 'dash-period playback-pick' },
    searchLabel, element('label', {}, element('span'), workerSelect), element('label', {}, element('span'), dayInput));
  pick.addEventListener('submit', (e) => e.preventDefault());
  const controls = element('div', { className: 'playback-controls' }, play, slider, clock, speedSelect);
  const visitsTitle = element('h3');
  el.append(pick, status, controls, visitsTitle, visitList);

  function loadOverlay(): Promise<PlaybackOverlay> {
    overlayLoading ??= import('./playback-overlay.ts').then(
      ({ createPlaybackOverlay }) => (overlay = createPlaybackOverlay(map)),
      (err: unknown) => {
        overlayLoading = null;
        throw err;
      },
    );
    return overlayLoading;
  }

  async function findWorkers(name: string) {
    try {
      workers = await fetchWorkers(name);
      if (worker === null && workers.length) worker = workers[0].id;
    } catch (err) {
      console.warn('workers:', err);
      workers = [];
    }
    renderPick();
  }

  async function lookUpVisits(features: PatrolFeature[]): Promise<Visit[]> {
    const all = features.flatMap((f) => f.properties.visits);
    const ids = [...new Set(all.map((v) => v.risk_point_id))].slice(0, MAX_LOOKUPS);
    // The patrol answer names only the risk point: its place and name come from the register.
    const points = new Map((await Promise.all(ids.map((id) => fetchRiskPoint(id).catch(() => null))))
      .filter((p) => p !== null).map((p) => [p.id, p]));
    return all.flatMap((v) => {
      const p = points.get(v.risk_point_id);
      return p ? [{ id: v.risk_point_id, position: p.geometry.coordinates, at: Date.parse(v.visited_at) / 1000, name: p.properties.name }] : [];
    });
  }

  async function load() {
    request?.abort();
    pause();
    overlay?.clear();
    if (worker === null || !isDay(day)) {
      state = 'off';
      render();
      return;
    }
    const mine = (request = new AbortController());
    state = 'loading';
    render();
    try {
      const [fc, deck] = await Promise.all([fetchPatrolDay(worker, day, mine.signal), loadOverlay()]);
      if (request !== mine) return;
      const features = fc.features as PatrolFeature[];
      tracks = features.map((f) => ({ coordinates: f.geometry.coordinates as [number, number][], times: f.properties.times }));
      visits = await lookUpVisits(features);
      if (request !== mine) return;
      if (!tracks.length) {
        state = 'empty';
        deck.clear();
        render();
        return;
      }
      start = Math.min(...tracks.map((x) => x.times[0]));
      end = Math.max(...tracks.map((x) => x.times[x.times.length - 1]));
      current = start;
      state = 'ready';
      fitTracks();
      draw();
    } catch (err) {
      if (mine.signal.aborted) return;
      console.warn('playback:', err);
      state = 'error';
      failure = err instanceof Error ? err.message : String(err);
    }
    render();
  }

  function fitTracks() {
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const track of tracks) {
      for (const [x, y] of track.coordinates) {
        w = Math.min(w, x);
        s = Math.min(s, y);
        e = Math.max(e, x);
        n = Math.max(n, y);
      }
    }
    map.fitBounds([w, s, e, n], { padding: 60, maxZoom: 17, duration: 0 });
  }

  function draw() {
    overlay?.draw(tracks, visits, current);
    renderTime();
  }

  function setTime(tSec: number) {
    current = Math.max(start, Math.min(end, Math.round(tSec)));
    draw();
  }

  function tick(now: number) {
    if (!playing) return;
    current = Math.min(end, current + ((now - lastFrame) / 1000) * speed);
    lastFrame = now;
    draw();
    if (current >= end) {
      pause();
      return;
    }
    requestAnimationFrame(tick);
  }

  function pause() {
    playing = false;
    renderTime();
  }

  play.addEventListener('click', () => {
    if (state !== 'ready') return;
    if (playing) {
      pause();
      return;
    }
    if (current >= end) current = start;
    playing = true;
    lastFrame = performance.now();
    requestAnimationFrame(tick);
    renderTime();
  });
  slider.addEventListener('input', () => {
    pause();
    setTime(Number(slider.value));
  });
  slider.addEventListener('keydown', (e) => {
    const step = { ArrowLeft: -KEY_STEP_S, ArrowDown: -KEY_STEP_S, ArrowRight: KEY_STEP_S, ArrowUp: KEY_STEP_S,
      PageDown: -10 * KEY_STEP_S, PageUp: 10 * KEY_STEP_S }[e.key];
    const to = e.key === 'Home' ? start : e.key === 'End' ? end : step === undefined ? null : current + step;
    if (to === null) return;
    // All keys handled here, so the drawing follows each one (the browser's own steps would be single seconds).
    e.preventDefault();
    pause();
    setTime(to);
  });
  speedSelect.addEventListener('change', () => {
    speed = Number(speedSelect.value);
  });
  workerSelect.addEventListener('change', () => {
    worker = Number(workerSelect.value) || null;
    settled = load();
  });
  search.addEventListener('change', () => void findWorkers(search.value.trim()));
  dayInput.addEventListener('change', () => {
    if (!isDay(dayInput.value)) return;
    day = dayInput.value;
    settled = load();
  });

  function renderTime() {
    el.dataset.current = String(Math.round(current));
    el.dataset.drawn = String(overlay?.drawn.fixes ?? 0);
    slider.value = String(Math.round(current));
    const text = state === 'ready' ? localClock(current) : '--:--:--';
    clock.textContent = text;
    slider.setAttribute('aria-valuetext', text);
    play.textContent = playing ? t('patrols.pause') : t('patrols.play');
    play.setAttribute('aria-pressed', String(playing));
    for (const li of visitList.querySelectorAll<HTMLElement>('li[data-risk-point-id]')) {
      li.dataset.passed = String(Number(li.dataset.at) <= current);
    }
  }

  function renderPick() {
    const lead = session !== null && session.role !== 'worker';
    searchLabel.hidden = !lead;
    (searchLabel.firstChild as HTMLElement).textContent = t('patrols.workerSearch');
    search.placeholder = t('patrols.workerSearchHint');
    (workerSelect.parentElement!.firstChild as HTMLElement).textContent = t('patrols.worker');
    (dayInput.parentElement!.firstChild as HTMLElement).textContent = t('patrols.day');
    const known = workers.some((w) => w.id === worker);
    workerSelect.replaceChildren(
      ...(worker !== null && !known ? [element('option', { value: String(worker), textContent: `#${worker}` })] : []),
      ...workers.map((w) => element('option', { value: String(w.id), textContent: `${w.name}${w.grid_code ? ` · ${w.grid_code}` : ''}` })));
    if (worker !== null) workerSelect.value = String(worker);
    dayInput.value = day;
    onWorker?.();
  }

  function render() {
    el.dataset.state = state;
    el.dataset.worker = worker === null ? '' : String(worker);
    el.dataset.day = day;
    el.dataset.start = String(start);
    el.dataset.end = String(end);
    el.dataset.points = String(tracks.reduce((n, x) => n + x.times.length, 0));
    renderPick();
    slider.min = String(start);
    slider.max = String(end);
    slider.disabled = state !== 'ready';
    play.disabled = state !== 'ready';
    slider.setAttribute('aria-label', t('patrols.slider'));
    speedSelect.setAttribute('aria-label', t('patrols.speed'));
    speedSelect.replaceChildren(...SPEEDS.map((s) => element('option', { value: String(s), textContent: `×${s}`, selected: s === speed })));
    status.className = state === 'error' ? 'error' : 'hint';
    status.textContent = state === 'loading' ? t('panel.loading')
      : state === 'error' ? t('patrols.failed', { message: failure })
        : state === 'empty' ? t('patrols.noTracks')
          : state === 'ready' ? t('patrols.daySummary', { n: formatNumber(tracks.length), points: el.dataset.points, from: localClock(start), to: localClock(end) })
            : t('patrols.pickWorker');
    visitsTitle.textContent = t('patrols.visits', { n: formatNumber(visits.length) });
    visitList.replaceChildren(...visits.map((v) => {
      const li = element('li', {}, `${localClock(v.at)} `, element('strong', { textContent: v.name }));
      li.dataset.riskPointId = String(v.id);
      li.dataset.at = String(v.at);
      return li;
    }));
    renderTime();
  }

  onLangChange(render);
  render();

  return {
    el,
    show(next: Session) {
      const changed = next.username !== session?.username;
      session = next;
      if (changed) {
        worker = null;
        workers = [];
        void findWorkers('').then(() => {
          if (state === 'off') settled = load();
        });
      } else if (state === 'ready') {
        draw(); // hide() took the drawing off the map
      }
      render();
    },
    /** Plays back a worker's day, e.g. the one just uploaded. */
    open(workerId: number, nextDay: string) {
      worker = workerId;
      day = nextDay;
      settled = load();
      return settled;
    },
    hide() {
      request?.abort();
      pause();
      overlay?.clear();
    },
    /** The worker chosen, for an upload on their behalf. */
    get worker(): { id: number; name: string } | null {
      if (worker === null) return null;
      return { id: worker, name: workers.find((w) => w.id === worker)?.name ?? `#${worker}` };
    },
    /** Resolves when the last playback asked for has loaded and drawn. */
    get settled() {
      return settled;
    },
    get overlay() {
      return overlay;
    },
  };
}
