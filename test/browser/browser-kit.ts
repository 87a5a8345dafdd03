/**
 * What the browser tests share: Debian's Chromium through playwright-core, a page of the preview
 * opened as a user in a theme at a width (failing on any console error, page error or HTTP
 * error), axe-core in a frame, sideways overflow and the page background's luminance.
 */
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { ColorMode, PreviewUserRole } from '../../dev/preview/protocol';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Opened {
  page: Page;
  errors: string[];
  /** Closes the page; fails the test if anything logged an error. */
  done(): Promise<void>;
}

export interface OpenOptions {
  colorMode?: ColorMode;
  role?: PreviewUserRole;
  width?: number;
}

export async function openPreviewPage(browser: Browser, baseUrl: string, path: string, options: OpenOptions = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1360, height: 900 }, timezoneId: 'UTC', locale: 'en-US', acceptDownloads: true });
  await context.addCookies([
    { name: 'preview-theme', value: options.colorMode ?? 'light', url: baseUrl },
    { name: 'preview-user', value: options.role ?? 'admin', url: baseUrl },
  ]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${response.url()}`);
  });
  await page.goto(`${baseUrl}${path}`);
  return {
    page,
    errors,
    async done() {
      await context.close();
      expect(errors).toEqual([]);
    },
  };
}

/** axe-core in a frame: the serious and critical violations (every violation with `all`), described. */
export async function axeViolations(frame: Frame, all = false): Promise<string[]> {
  await frame.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return results.filter((v) => all || v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

/** The luminance of a frame's page background (0 black … 1 white). */
export async function backgroundLuminance(frame: Frame): Promise<number> {
  const color = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? ['255', '255', '255']).slice(0, 3).map(Number);
  return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
}

/** Whether a frame's page scrolls sideways (content wider than the frame). */
export async function overflowsX(frame: Frame): Promise<{ scrollWidth: number; clientWidth: number } | null> {
  const size = await frame.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  return size.scrollWidth > size.clientWidth + 1 ? size : null;
}
