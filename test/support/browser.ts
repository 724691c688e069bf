// Debian's Chromium driven by playwright-core: never a browser download. SwiftShader gives it WebGL without a GPU;
// the background-networking flags keep it from calling home on a machine with no internet.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    ],
  });
}

/** Waits for the map's first idle, then signs in through the sign-in box (every demo account's password is gridwatch). */
export async function signInOnMap(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-map-ready="1"]', { timeout: 30_000 });
  await page.fill('#sign-in input[name="username"]', username);
  await page.fill('#sign-in input[name="password"]', 'gridwatch');
  await page.click('#sign-in button[type="submit"]');
  await page.waitForSelector('body[data-session="signed-in"]');
}

/** One person at the map in a browser context of their own, signed in, with the page errors collected. */
export interface MapUser {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function openMapAs(browser: Browser, baseUrl: string, username: string,
                                viewport = { width: 1280, height: 860 }): Promise<MapUser> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signInOnMap(page, baseUrl, username);
  return { context, page, errors };
}

/** Resolves at the map's next idle after a forced repaint: everything asked for so far has been drawn. */
export const mapIdle = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => {
  window.gridwatch.map.once('idle', () => resolve());
  window.gridwatch.map.triggerRepaint();
}));
