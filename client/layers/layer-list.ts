import { onLangChange, t, tValue } from '../i18n/i18n.ts';
import { layerCatalog } from './layer-catalog.ts';
import type { LegendItem, TileLayerName } from './map-layer-group.ts';

function swatch(item: LegendItem): HTMLElement {
  const s = document.createElement('span');
  s.className = `swatch swatch-${item.shape}`;
  s.style.setProperty('--swatch', item.colour);
  return s;
}

/**
 * A checkbox per tile layer, with its legend. Signed-in layers are disabled with a hint while nobody is signed in.
 * Each checkbox is `#layer-list input[data-layer="grid"]` (the tile layer's name).
 */
export function createLayerList(el: HTMLElement, onChange: (hidden: ReadonlySet<TileLayerName>) => void) {
  const hidden = new Set<TileLayerName>(layerCatalog.filter((g) => g.hiddenByDefault).map((g) => g.source));
  let signedIn = false;

  function render() {
    const title = document.createElement('h2');
    title.textContent = t('layers.title');
    const list = document.createElement('ul');
    for (const group of layerCatalog) {
      const locked = group.signedInOnly && !signedIn;
      const item = document.createElement('li');
      item.dataset.layer = group.source;
      item.classList.toggle('locked', locked);

      const box = document.createElement('input');
      box.type = 'checkbox';
      box.dataset.layer = group.source;
      box.checked = !hidden.has(group.source);
      box.disabled = locked;
      box.addEventListener('change', () => {
        if (box.checked) hidden.delete(group.source);
        else hidden.add(group.source);
        render();
        onChange(hidden);
      });
      const label = document.createElement('label');
      // A one-row legend needs no words of its own: its swatch goes next to the layer's name.
      const [only] = group.legend.length === 1 ? group.legend : [];
      label.append(box, ...(only ? [swatch(only)] : []), ` ${t(`layer.${group.source}`)}`);
      item.append(label);

      if (locked) {
        const hint = document.createElement('span');
        hint.className = 'hint';
        hint.textContent = t('layers.signInHint');
        item.append(hint);
      } else if (box.checked && group.legend.length > 1) {
        const legend = document.createElement('ul');
        legend.className = 'legend';
        for (const entry of group.legend) {
          const li = document.createElement('li');
          li.append(swatch(entry), tValue(entry.prefix, entry.value));
          legend.append(li);
        }
        item.append(legend);
      }
      list.append(item);
    }
    el.replaceChildren(title, list);
  }

  onLangChange(render);
  render();
  return {
    setSignedIn(value: boolean) {
      signedIn = value;
      render();
    },
    get hidden(): ReadonlySet<TileLayerName> {
      return hidden;
    },
  };
}
