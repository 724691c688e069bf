// Turns a notice page into PDF or PNG in headless Chromium: Debian's package driven by playwright-core, never a
// browser download, and nothing fetched from outside (the page is set as content, with everything inline).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { HttpError } from '../http/errors.ts';

export type Paper = 'a4' | 'a3';

export interface NoticeRenderer {
  pdf(html: string, paper: Paper, timeoutMs?: number): Promise<Buffer>;
  png(html: string, paper: Paper, timeoutMs?: number): Promise<Buffer>;
  close(): Promise<void>;
}

interface Options {
  executablePath?: string;
  /** How many pages render at once: each takes a core for a second or more. */
  concurrency?: number;
  /** The browser is closed after this long without work, so an idle server does not hold its memory. */
  idleMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
// Pages are laid out as A4 landscape sheets; A3 is the same sheet enlarged by √2, as a copier would.
const SHEET_WIDTH_PX = 1123; // 297 mm at 96 px per inch
const SHEET_HEIGHT_PX = 794;
const PNG_DPI = 150;

const unavailable = (message: string) => new HttpError(503, 'renderer_unavailable', message);

export function createNoticeRenderer({
  executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', concurrency = 2, idleMs = 5 * 60_000,
}: Options = {}): NoticeRenderer {
  let browser: Promise<Browser> | null = null;
  let running = 0;
  const waiting: (() => void)[] = [];
  let idleTimer: NodeJS.Timeout | undefined;

  function launch(): Promise<Browser> {
    if (!existsSync(executablePath)) {
      throw unavailable(`Chromium is not installed (${executablePath}): notices are rendered by it. `
        + 'Install the Debian package chromium (scripts/start.sh does), or set CHROMIUM_PATH.');
    }
    if (!browser) {
      const launching = chromium.launch({
        executablePath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      });
      browser = launching;
      launching.then((b) => b.on('disconnected', () => { if (browser === launching) browser = null; }),
        () => { if (browser === launching) browser = null; });
    }
    return browser.catch((err: Error) => {
      throw unavailable(`Chromium could not be started: ${err.message.split('\n')[0]}`);
    });
  }

  async function slot<T>(job: () => Promise<T>): Promise<T> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    clearTimeout(idleTimer);
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
      if (running === 0 && waiting.length === 0) {
        idleTimer = setTimeout(() => void close(), idleMs);
        idleTimer.unref();
      }
    }
  }

  /** Opens the page in a context of its own, hands it to draw, and gives up (503) after timeoutMs. */
  function render(html: string, paper: Paper, timeoutMs: number, draw: (page: import('playwright-core').Page) => Promise<Buffer>) {
    return slot(async () => {
      const b = await launch();
      const scale = paper === 'a3' ? Math.SQRT2 : 1;
      const context = await b.newContext({
        viewport: { width: SHEET_WIDTH_PX, height: SHEET_HEIGHT_PX },
        deviceScaleFactor: (PNG_DPI / 96) * scale,
        javaScriptEnabled: false, // the page has no scripts; nothing in it may run
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HttpError(503, 'render_timeout',
          `Rendering the notice took longer than ${timeoutMs / 1000} s; try again when the server is less busy.`)), timeoutMs);
      });
      try {
        return await Promise.race([(async () => {
          const page = await context.newPage();
          await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
          return draw(page);
        })(), timeout]);
      } finally {
        clearTimeout(timer);
        await context.close().catch(() => undefined);
      }
    });
  }

  async function close() {
    clearTimeout(idleTimer);
    const closing = browser;
    browser = null;
    if (closing) await closing.then((b) => b.close(), () => undefined);
  }

  return {
    pdf: (html, paper, timeoutMs = DEFAULT_TIMEOUT_MS) => render(html, paper, timeoutMs, (page) => page.pdf({
      format: paper === 'a3' ? 'A3' : 'A4',
      landscape: true,
      scale: paper === 'a3' ? Math.SQRT2 : 1,
      printBackground: true,
      margin: { top: '0', right: '0', bottom: '0', left: '0' },
    })),
    png: (html, paper, timeoutMs = DEFAULT_TIMEOUT_MS) => render(html, paper, timeoutMs,
      (page) => page.screenshot({ type: 'png', fullPage: true })),
    close,
  };
}
