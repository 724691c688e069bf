import type * as maplibregl from 'maplibre-gl';
import { createDashboardMode } from './dashboard/dashboard-mode.ts';
import { createPlannerMode } from './grid-editor/planner-mode.ts';
import { createHazardDetail } from './hazards/hazard-detail.ts';
import { createHazardFigures } from './hazards/hazard-figures.ts';
import { createHazardReport } from './hazards/hazard-report.ts';
import { createHotspotLayers } from './hotspots/hotspot-layers.ts';
import { createLangSwitch } from './i18n/lang-switch.ts';
import { currentLang, onLangChange, t } from './i18n/i18n.ts';
import { createLayerList } from './layers/layer-list.ts';
import { syncLayers } from './layers/sync-layers.ts';
import { createMap } from './map/create-map.ts';
import { refreshTileSource } from './map/refresh-tile-source.ts';
import { createFeatureInspector } from './panel/feature-inspector.ts';
import { createFeaturePanel } from './panel/feature-panel.ts';
import { createSignIn } from './session/sign-in.ts';
import './styles.css';

declare global {
  interface Window {
    /** For end-to-end tests: the map, to query what it draws, and planner mode (its editor once loaded). */
    gridwatch: {
      map: maplibregl.Map;
      planner: ReturnType<typeof createPlannerMode>;
      dashboard: ReturnType<typeof createDashboardMode>;
      hotspots: ReturnType<typeof createHotspotLayers>;
    };
  }
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const map = createMap(byId('map'), currentLang());

let styleLoaded = false;
let signedIn = false;

const layerList = createLayerList(byId('layer-list'), () => applyLayers());
// The panel's own close button also drops the highlight, which the inspector owns.
const panel = createFeaturePanel(byId('feature-panel'), () => inspector.close());
// Planner mode: drawing tools for role planner only; while one is open, map clicks are the editor's.
const planner = createPlannerMode(byId('grid-editor'), map, { onSaved: () => inspector.close() });
// Hazards: reporting one on the map, its details and next steps in the panel, the leaders' figures; each change
// shows at once on the map (the tiles are refreshed) and in the figures.
const figures = createHazardFigures(byId('hazard-figures'));
const hazardChanged = () => {
  refreshTileSource(map, 'hazard');
  void figures.refresh();
};
const hazardDetail = createHazardDetail(panel, { username: () => signInBox.session?.username, onChanged: hazardChanged });
const reporter = createHazardReport(byId('hazard-report'), byId<HTMLButtonElement>('hazard-report-button'), map, {
  onStart: () => inspector.close(),
  onReported(hazard) {
    hazardChanged();
    hazardDetail.show(hazard);
    inspector.select('hazard', hazard.id);
  },
});
const inspector = createFeatureInspector(map, panel, {
  paused: () => planner.capturesClicks || reporter.capturesClicks,
  details: { hazard: hazardDetail },
});
// Leaders' dashboard (its own chunk) beside the map, and hot spots (deck.gl, its own chunk) that follow its unit.
const hotspots = createHotspotLayers(byId('hotspot-layers'), map);
const dashboard = createDashboardMode(byId('dashboard'), byId<HTMLButtonElement>('dashboard-button'), map, {
  onUnit: (code) => hotspots.setUnit(code),
  onClose: () => hotspots.setUnit(null),
});
window.gridwatch = { map, planner, dashboard, hotspots };

/** Sources and layers follow the session and the checkboxes; before the style has loaded there is nothing to change. */
function applyLayers() {
  if (!styleLoaded) return;
  syncLayers(map, { signedIn, hidden: layerList.hidden });
  inspector.forgetLayers((layer) => !map.getSource(layer) || layerList.hidden.has(layer));
}

/** The name of a jurisdiction (a unit or grid code) from the tiles loaded so far. */
function jurisdictionName(code: string): string | undefined {
  const source = code.length === 17 ? 'grid' : 'admin_unit';
  if (!styleLoaded || !map.getSource(source)) return undefined;
  const [feature] = map.querySourceFeatures(source, { sourceLayer: source, filter: ['==', ['get', 'code'], code] });
  if (!feature) return undefined;
  const { name, name_en } = feature.properties;
  const shown = currentLang() === 'en' && name_en ? name_en : name;
  return typeof shown === 'string' ? shown : undefined; // grid tiles below z12 carry no names
}

const signInBox = createSignIn(byId('sign-in'), {
  jurisdictionName,
  onChange(session) {
    signedIn = session !== null;
    document.body.dataset.session = signedIn ? 'signed-in' : 'signed-out';
    layerList.setSignedIn(signedIn);
    applyLayers();
    inspector.reload();
    planner.setSession(session);
    reporter.setSession(session);
    figures.setSession(session);
    dashboard.setSession(session);
    hotspots.setSession(session);
  },
});

map.on('load', () => {
  styleLoaded = true;
  map.setGlobalStateProperty('lang', currentLang());
  applyLayers();
  planner.setStyleLoaded();
});
map.once('idle', () => {
  document.body.dataset.mapReady = '1';
  signInBox.refresh();
});

function renderChrome() {
  byId('app-title').textContent = t('app.title');
  document.title = `${t('app.title')} · gridwatch`;
}
onLangChange((lang) => {
  renderChrome();
  if (styleLoaded) map.setGlobalStateProperty('lang', lang);
});
createLangSwitch(byId<HTMLButtonElement>('lang-switch'));
renderChrome();
void signInBox.restore();
