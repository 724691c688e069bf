// Uploading a recorded track (GPX or GeoJSON) in the coordinate system the phone used; the answer says what cleaning
// removed and which patrols were stored.
import { element } from '../dashboard/element.ts';
import { ApiError } from '../http/fetch-json.ts';
import { formatDateTime, formatNumber, onLangChange, t } from '../i18n/i18n.ts';
import type { Session } from '../session/session-api.ts';
import { uploadTrack, type Crs, type UploadResult } from './patrol-api.ts';

const CRS: Crs[] = ['wgs84', 'cgcs2000', 'gcj02'];
const REMOVED = ['duplicates', 'speed', 'outside', 'short_pieces'] as const;

interface Options {
  /** The worker the track is for: null is the signed-in worker (the server's default). */
  worker: () => { id: number; name: string } | null;
  onUploaded: (result: UploadResult) => void;
}

/**
 * Hooks: `form[data-form="track-upload"]` with `input[name=track]` (the file), `select[name=crs]` and a submit
 * button; `data-busy`; the outcome `[data-testid="upload-result"][data-kind="success" | "error"]`, on success with
 * data-patrols, data-duplicates, data-speed, data-outside, data-short-pieces and rows `li[data-patrol-id]`, on error
 * data-status and data-code.
 */
export function createTrackUpload(options: Options) {
  let session: Session | null = null;
  let crs: Crs = 'wgs84';
  let busy = false;
  let result: UploadResult | null = null;
  let failure: ApiError | Error | null = null;

  const file = element('input', { type: 'file', name: 'track', accept: '.gpx,.geojson,.json,application/gpx+xml,application/geo+json,application/json', required: true });
  const crsSelect = element('select', { name: 'crs' });
  const submit = element('button', { type: 'submit', className: 'primary' });
  const forWhom = element('p', { className: 'hint' });
  const outcome = element('div');
  const title = element('h3');
  const fileLabel = element('label', {}, element('span'), file);
  const crsLabel = element('label', {}, element('span'), crsSelect);
  const form = element('form', { className: 'track-upload' }, title, fileLabel, crsLabel, forWhom, submit, outcome);
  form.dataset.form = 'track-upload';

  crsSelect.addEventListener('change', () => {
    crs = crsSelect.value as Crs;
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const picked = file.files?.[0];
    if (!picked || busy) return;
    void send(picked);
  });

  async function send(picked: File) {
    busy = true;
    result = null;
    failure = null;
    render();
    try {
      result = await uploadTrack(picked, crs, session?.role === 'worker' ? null : options.worker()?.id ?? null);
      options.onUploaded(result);
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    } finally {
      busy = false;
    }
    render();
  }

  function outcomeBox(): HTMLElement | null {
    if (result) {
      const box = element('div', { className: 'hazard-message' });
      box.dataset.testid = 'upload-result';
      box.dataset.kind = 'success';
      box.dataset.patrols = String(result.patrols.length);
      box.dataset.duplicates = String(result.removed.duplicates);
      box.dataset.speed = String(result.removed.speed);
      box.dataset.outside = String(result.removed.outside);
      box.dataset.shortPieces = String(result.removed.short_pieces);
      box.setAttribute('role', 'status');
      const list = element('ul', { className: 'coverage-list' });
      for (const p of result.patrols) {
        const li = element('li', { textContent: t('patrols.stored', { from: formatDateTime(p.started_at), to: formatDateTime(p.ended_at), n: formatNumber(p.points) }) });
        li.dataset.patrolId = String(p.id);
        list.append(li);
      }
      box.append(element('p', { textContent: t('patrols.uploaded', { n: formatNumber(result.patrols.length) }) }),
        element('p', { textContent: t('patrols.removed', Object.fromEntries(REMOVED.map((k) => [k, formatNumber(result!.removed[k])]))) }),
        list);
      return box;
    }
    if (failure) {
      const box = element('p', { className: 'hazard-message' });
      box.dataset.testid = 'upload-result';
      box.dataset.kind = 'error';
      box.setAttribute('role', 'alert');
      if (failure instanceof ApiError) {
        box.dataset.status = String(failure.status);
        box.dataset.code = failure.code;
      }
      box.append(t('patrols.uploadFailed'), element('small', { textContent: failure.message }));
      return box;
    }
    return null;
  }

  function render() {
    form.dataset.busy = String(busy);
    title.textContent = t('patrols.upload');
    (fileLabel.firstChild as HTMLElement).textContent = t('patrols.file');
    (crsLabel.firstChild as HTMLElement).textContent = t('patrols.crs');
    crsSelect.replaceChildren(...CRS.map((c) => element('option', { value: c, textContent: t(`patrols.crs.${c}`), selected: c === crs })));
    const w = options.worker();
    forWhom.textContent = session?.role === 'worker' || w === null ? t('patrols.forSelf') : t('patrols.forWorker', { name: w.name });
    submit.textContent = busy ? t('patrols.uploading') : t('patrols.uploadSubmit');
    submit.disabled = busy;
    const box = outcomeBox();
    outcome.replaceChildren(...(box ? [box] : []));
  }

  onLangChange(render);
  render();

  return {
    el: form,
    setSession(next: Session) {
      session = next;
      render();
    },
    /** Who the upload is for may change with the playback's worker. */
    refresh: render,
  };
}
