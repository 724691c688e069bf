import type * as maplibregl from 'maplibre-gl';
import { createDashboardMode } from './dashboard/dashboard-mode.ts';
import { createPlannerMode } from './grid-editor/planner-mode.ts';
import { createHazardOpener } from './hazard-register/hazard-opener.ts';
import { createHazardRegister } from './hazard-register/hazard-register.ts';
import { createHazardDetail } from './hazards/hazard-detail.ts';
import { createHazardFigures } from './hazards/hazard-figures.ts';
import { createHazardReport } from './hazards/hazard-report.ts';
import { createReportLink } from './hazards/report-link.ts';
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
import { createBriefingsMode } from './briefings/briefings-mode.ts';
import { createEmergencyMode } from './disasters/emergency-mode.ts';
import { createWarningBanner } from './warnings/warning-banner.ts';
import { createPatrolsMode } from './coverage/patrols-mode.ts';
import { createInspectionsMode } from './inspections/inspections-mode.ts';
import { createRiskPointAdd } from './risk-points/risk-point-add.ts';
import { createRiskPointDetail } from './risk-points/risk-point-detail.ts';
import './styles.css';

declare global {
  interface Window {
    /** For end-to-end tests: the map, to query what it draws, and planner mode (its editor once loaded). */
    gridwatch: {
      map: maplibregl.Map;
      planner: ReturnType<typeof createPlannerMode>;
      dashboard: ReturnType<typeof createDashboardMode>;
      hotspots: ReturnType<typeof createHotspotLayers>;
      inspections: ReturnType<typeof createInspectionsMode>;
      briefings: ReturnType<typeof createBriefingsMode>;
      emergency: ReturnType<typeof createEmergencyMode>;
      patrols: ReturnType<typeof createPatrolsMode>;
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
  onStart: () => {
    inspector.close();
    riskPointAdd.stop();
  },
  onReported(hazard) {
    hazardChanged();
    hazardDetail.show(hazard);
    inspector.select('hazard', hazard.id);
  },
});
// A notice's QR code (?report=<code>) opens the report on that unit once signed in.
const reportLink = createReportLink(map, reporter);
// The risk register: a risk point's details, edits and retirement in the panel, and registering one on the map; each
// change redraws the risk points and the four-colour map, which they colour.
const riskPointsChanged = () => {
  refreshTileSource(map, 'risk_point');
  refreshTileSource(map, 'grid_risk');
};
// A check on the spot may open hazards and makes the point inspected: both layers redraw; its hazards open like the register's.
const riskPointDetail = createRiskPointDetail(panel, {
  session: () => signInBox.session,
  onChanged: riskPointsChanged,
  onChecked: () => {
    riskPointsChanged();
    hazardChanged();
  },
  openHazard: (id) => void openHazard(id),
});
const riskPointAdd = createRiskPointAdd(byId('risk-point-add'), byId<HTMLButtonElement>('risk-point-add-button'), map, {
  onStart() {
    inspector.close();
    // Both forms take map clicks: only one may be open.
    if (reporter.capturesClicks) byId('hazard-report-button').click();
  },
  onCreated(point) {
    riskPointsChanged();
    riskPointDetail.show(point);
    inspector.select('risk_point', point.id);
  },
});
const inspector = createFeatureInspector(map, panel, {
  paused: () => planner.capturesClicks || reporter.capturesClicks || riskPointAdd.capturesClicks || emergency.capturesClicks,
  details: { hazard: hazardDetail, risk_point: riskPointDetail },
});
// Leaders' dashboard (its own chunk) beside the map, and hot spots (deck.gl, its own chunk) that follow its unit.
const hotspots = createHotspotLayers(byId('hotspot-layers'), map);
const dashboard = createDashboardMode(byId('dashboard'), byId<HTMLButtonElement>('dashboard-button'), map, {
  onUnit: (code) => hotspots.setUnit(code),
  onClose: () => hotspots.setUnit(null),
});
// The hazard register (隐患台账) shares the dashboard's side of the map: opening one closes the other. A hazard
// picked in it opens as a click on the map would.
const openHazard = createHazardOpener(map, { detail: hazardDetail, inspector });
const register = createHazardRegister(byId('hazard-register'), byId<HTMLButtonElement>('hazard-register-button'), {
  onOpen: () => dashboard.close(),
  onOpenHazard: (id, at) => void openHazard(id, at),
});
byId('dashboard-button').addEventListener('click', () => register.close());
// Leaders' inspections and risk briefings (each its own chunk) share that side of the map too: one panel at a time.
const inspections = createInspectionsMode(byId('inspections'), byId<HTMLButtonElement>('inspections-button'), () => {
  dashboard.close();
  register.close();
  briefings.close();
});
const briefings = createBriefingsMode(byId('briefings'), byId<HTMLButtonElement>('briefings-button'), () => {
  dashboard.close();
  register.close();
  inspections.close();
});
for (const id of ['dashboard-button', 'hazard-register-button']) {
  byId(id).addEventListener('click', () => {
    inspections.close();
    briefings.close();
  });
}
// Disasters, warnings and one's own verification tasks (应急, its own chunk) take that side of the map too.
const emergency = createEmergencyMode(byId('emergency'), byId<HTMLButtonElement>('emergency-button'), map, () => {
  dashboard.close();
  register.close();
  inspections.close();
  briefings.close();
});
for (const id of ['dashboard-button', 'hazard-register-button', 'inspections-button', 'briefings-button']) {
  byId(id).addEventListener('click', () => emergency.close());
}
// Patrol coverage, gaps and playback (巡查, its own chunk) take that side of the map too.
const patrols = createPatrolsMode(byId('patrols'), byId<HTMLButtonElement>('patrols-button'), map, () => {
  dashboard.close();
  register.close();
  inspections.close();
  briefings.close();
  emergency.close();
});
for (const id of ['dashboard-button', 'hazard-register-button', 'inspections-button', 'briefings-button', 'emergency-button']) {
  byId(id).addEventListener('click', () => patrols.close());
}
// A grid worker with warnings to acknowledge sees a banner that opens them in the 应急 panel's warnings tab.
const warningBanner = createWarningBanner(byId('warning-banner'), {
  onOpen() {
    emergency.open();
    const toWarnings = () => (emergency.panel ? emergency.panel.switchTo('warnings') : setTimeout(toWarnings, 100));
    toWarnings();
  },
});
window.gridwatch = { map, planner, dashboard, hotspots, inspections, briefings, emergency, patrols };

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
    // Before the layers follow: its rings sit on the risk point tiles, which leave at sign-out.
    patrols.setSession(session);
    applyLayers();
    inspector.reload();
    planner.setSession(session);
    reporter.setSession(session);
    reportLink.setSession(session);
    figures.setSession(session);
    dashboard.setSession(session);
    hotspots.setSession(session);
    riskPointAdd.setSession(session);
    inspections.setSession(session);
    briefings.setSession(session);
    emergency.setSession(session);
    warningBanner.setSession(session);
    register.setSession(session);
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
