import { currentLang, onLangChange, setLang, t } from './i18n.ts';

/** The 中文/EN button: it names the language it switches to. */
export function createLangSwitch(button: HTMLButtonElement) {
  const render = () => {
    button.textContent = t('app.langSwitch');
    button.title = t('app.langSwitchTitle');
    button.dataset.lang = currentLang();
  };
  button.addEventListener('click', () => setLang(currentLang() === 'en' ? 'zh-CN' : 'en'));
  onLangChange(render);
  render();
}
