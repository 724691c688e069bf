import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Lang = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zhCN;

const messages: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'gridwatch.lang';
const listeners = new Set<(lang: Lang) => void>();

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage can be blocked (private mode, file://); Chinese is the default anyway
  }
}

let current: Lang = storedLang();

export const currentLang = (): Lang => current;

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still switched
  }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

/** Calls back on every language change; returns the unsubscribe. */
export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[current][key];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : text;
}

/** A coded value (kind, level, status…) in words, or the code itself when it is one we have no words for. */
export function tValue(prefix: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('panel.empty');
  const key = `${prefix}.${String(value)}`;
  return key in messages[current] ? messages[current][key as MessageKey] : String(value);
}

export const formatNumber = (n: number) => new Intl.NumberFormat(current).format(n);

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

document.documentElement.lang = current;
