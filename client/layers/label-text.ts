import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';

/** Chinese names by default; English names (pinyin) when the UI is in English, falling back to Chinese. */
export const labelText: ExpressionSpecification = [
  'case',
  ['==', ['global-state', 'lang'], 'en'],
  ['coalesce', ['get', 'name_en'], ['get', 'name']],
  ['get', 'name'],
];

/** The one glyph stack that ships with the app (see client/README.md); CJK is drawn with local fonts instead. */
export const TEXT_FONT = ['Noto Sans Regular'];
