/**
 * What the browser tests share: the preview on a free port with its own data folder and Debian's
 * Chromium through playwright-core, started once per test file and stopped after it
 * (previewSession, browserSession; withPreview for one test); a page of the preview opened as a
 * user in a theme at a width (failing on any console error, page error or HTTP error); an app's
 * frame; resolver calls as a user; axe-core in a frame, sideways overflow and the page
 * background's luminance.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { startPreview, type PreviewOptions, type RunningPreview } from '../../dev/preview/server';
import type { ColorMode, PreviewUserRole } from '../../dev/preview/protocol';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Where the browser tests write their screenshots (the README and the design notes show them). */
export const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface PreviewSession {
  readonly preview: RunningPreview;
  /** The preview's own data folder (its KVS stand-in's file), removed after the tests. */
  readonly dataDir: string;
}

export interface BrowserSession extends PreviewSession {
  readonly browser: Browser;
  open(path: string, options?: OpenOptions): Promise<Opened>;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the ${what} is not started: its beforeAll has not run`);
  return value;
}

/**
 * Starts the preview on a free port with a fresh data folder before the tests of the file (or
 * describe block) that calls it, and stops it and removes the folder after them. Call it at the
 * top level of the file or of a describe block: it registers a beforeAll and an afterAll.
 */
export function previewSession(options: Omit<PreviewOptions, 'port' | 'dataDir'> = {}, alongside?: { start(): Promise<void>; stop(): Promise<void> }): PreviewSession {
  let preview: RunningPreview | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'preview-test-'));
    [preview] = await Promise.all([startPreview({ ...options, port: 0, dataDir }), alongside?.start()]);
  }, 180_000);
  afterAll(async () => {
    await alongside?.stop();
    await preview?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get preview() {
      return started(preview, 'preview');
    },
    get dataDir() {
      return started(dataDir, 'preview');
    },
  };
}

/**
 * previewSession and, started beside it, Debian's Chromium (headless, no sandbox, no GPU); makes the
 * screenshots folder. `open` opens a page of the preview as a user (openPreviewPage).
 */
export function browserSession(options: Omit<PreviewOptions, 'port' | 'dataDir'> = {}): BrowserSession {
  let browser: Browser | undefined;
  const session = previewSession(options, {
    async start() {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
      [browser] = await Promise.all([launchChromium(), mkdir(SCREENSHOTS, { recursive: true })]);
    },
    async stop() {
      await browser?.close();
    },
  });
  return {
    get preview() {
      return session.preview;
    },
    get dataDir() {
      return session.dataDir;
    },
    get browser() {
      return started(browser, 'browser');
    },
    open(path, openOptions) {
      return openPreviewPage(started(browser, 'browser'), session.preview.url, path, openOptions);
    },
  };
}

/** Runs `run` on a preview started with `options` (on a free port, without building), and stops it after, whatever happens. */
export async function withPreview<T>(options: Omit<PreviewOptions, 'port'>, run: (preview: RunningPreview) => Promise<T>): Promise<T> {
  const preview = await startPreview({ build: false, ...options, port: 0 });
  try {
    return await run(preview);
  } finally {
    await preview.close();
  }
}

/** A resolver call through the preview's invoke endpoint, as a user of a role (the cookie the shell sets). */
export async function invokePreview(url: string, functionKey: string, payload: unknown, module: unknown, role: PreviewUserRole = 'admin'): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}/api/invoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: `preview-user=${role}` },
    body: JSON.stringify({ functionKey, payload, module }),
  });
  return { status: response.status, body: await response.text() };
}

/** The frame of an app's iframe in a page of the preview (the Custom UI frame by default). */
export async function frameOf(page: Page, selector = '#custom-ui-frame'): Promise<Frame> {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`${selector} has no frame`);
  return frame;
}

interface Opened {
  page: Page;
  errors: string[];
  /** Closes the page; fails the test if anything logged an error. */
  done(): Promise<void>;
}

interface OpenOptions {
  colorMode?: ColorMode;
  role?: PreviewUserRole;
  width?: number;
}

async function openPreviewPage(browser: Browser, baseUrl: string, path: string, options: OpenOptions = {}): Promise<Opened> {
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
async function backgroundLuminance(frame: Frame): Promise<number> {
  const color = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? ['255', '255', '255']).slice(0, 3).map(Number);
  return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
}

/** Fails unless a frame's page background is dark in the dark theme (luminance under 0.25) and light in the light one (over 0.9). */
export async function expectBackgroundOf(frame: Frame, colorMode: ColorMode): Promise<void> {
  const luminance = await backgroundLuminance(frame);
  if (colorMode === 'dark') expect(luminance).toBeLessThan(0.25);
  else expect(luminance).toBeGreaterThan(0.9);
}

/** The theme an app's frame follows: the data-color-mode Jira's theming sets on its <html>. */
export function colorModeOf(frame: Frame): Promise<string | null> {
  return frame.evaluate(() => document.documentElement.getAttribute('data-color-mode'));
}

/** Whether a frame's page scrolls sideways (content wider than the frame). */
export async function overflowsX(frame: Frame): Promise<{ scrollWidth: number; clientWidth: number } | null> {
  const size = await frame.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  return size.scrollWidth > size.clientWidth + 1 ? size : null;
}
