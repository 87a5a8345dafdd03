/**
 * The local preview host: the whole app running on this machine, in a small Jira-like shell.
 *
 * - Jira: the emulator serving the demo site (dev/demo-site/snapshot), or a real Jira Cloud
 *   site through the Node transport (JIRA_SITE, JIRA_EMAIL, JIRA_API_TOKEN).
 * - The app's modules, unchanged: the project page's Vite build in an iframe, the UI Kit
 *   modules bundled from their manifest entries and rendered with Atlaskit (client/).
 * - A local Forge bridge: every `invoke` is POSTed to /api/invoke and runs the app's real
 *   resolver definitions (createResolverHandlers) in Node, as the signed-in local user (an
 *   admin, or a member without ADMINISTER), with the config in a KVS stand-in persisted to
 *   .preview-data/kvs.json.
 * - The demo is analysed "as of" the snapshot's capture date, like `npm run report`.
 *
 * Binds 127.0.0.1 only.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { setBooleanFeatureFlagResolver } from '@atlaskit/platform-feature-flags';
import getThemeStyles from '@atlaskit/tokens/get-theme-styles';
import { RESOLVER_KEYS, type ResolverKey } from '../../src/contract/resolvers';
import { calendarDateOf } from '../../src/core/dates';
import { isIssueKey, isProjectKey } from '../../src/core/project-key';
import { createJiraClient, type JiraClient } from '../../src/jira/client';
import { JiraError, JiraNotFoundError } from '../../src/jira/errors';
import { checkSiteUrl, createNodeTransport } from '../../src/jira/node-transport';
import type { RawProject } from '../../src/jira/project-data';
import { scanProject } from '../../src/jira/scan';
import type { ViewerJira } from '../../src/resolvers/ports';
import { listProjects, readMeta } from '../../src/snapshot/reader';
import type { ScanBudget } from '../../src/scan-state/scan-machine';
import type { HistoryDoc } from '../../src/core/history';
import { KvHistoryStore } from '../../src/storage/history-store';
import { KvScanStateStore } from '../../src/storage/scan-state-store';
import { DEMO_HISTORY_FILE } from '../demo-site/history';
import { generateSite, writeSiteSnapshot } from '../bench/synth';
import { startEmulator, type RunningEmulator } from '../emulator/server';
import { ForgeRuntime, InvocationTimedOut } from '../forge-runtime/runtime';
import { CUSTOM_UI_BUILD, ensureBundles, PORTFOLIO_BUILD, PREVIEW_BUILD, ROOT, type BuildReport } from './build';
import { FileKeyValueStore } from './file-kv';
import {
  adminPageBody,
  boardBody,
  dashboardBody,
  globalPageBody,
  issueListBody,
  issuePageBody,
  noticeBody,
  projectPageBody,
  shellPage,
  versionBody,
  type ShellFrame,
} from './pages';
import {
  THEME_COOKIE,
  USER_COOKIE,
  type ColorMode,
  type DashboardGadget,
  type GadgetRef,
  type InvokeRequest,
  type ModuleRef,
  type PageConfig,
  type PreviewUser,
  type PreviewUserRole,
} from './protocol';

export const DEMO_SNAPSHOT = join(ROOT, 'dev', 'demo-site', 'snapshot');
const DEFAULT_DATA_DIR = join(ROOT, '.preview-data');

/** The manifest's module keys (manifest.yml). */
const MODULE_KEYS = {
  'project-page': 'planning-levels-project-page',
  'issue-panel': 'planning-levels-issue-context',
  'admin-page': 'planning-levels-admin-page',
  'global-page': 'planning-levels-global-page',
  'dashboard-gadget': 'planning-levels-gadget',
} as const;

/**
 * The app's ids in the preview: the manifest's app id and a fixed environment, as Forge puts them
 * in each module's extension ARI (the context's `localId`) and in the addresses of the app's pages.
 */
const PREVIEW_APP = { appId: '00000000-0000-0000-0000-000000000000', environmentId: '7e57ab1e-0000-4000-8000-00000000f0e5' } as const;
const extensionAri = (moduleKey: string) => `ari:cloud:ecosystem::extension/${PREVIEW_APP.appId}/${PREVIEW_APP.environmentId}/static/${moduleKey}`;

/** The preview dashboard's gadgets, as a new dashboard would start them (the edit mode changes them). */
function dashboardGadgets(projects: readonly string[]): DashboardGadget[] {
  const first = projects[0];
  return [
    { id: '10100', title: 'Planning levels: portfolio', configuration: { show: 'portfolio' } },
    ...(first ? [{ id: '10101', title: `Planning levels: ${first}`, configuration: { show: 'project', projectKey: first } }] : []),
  ];
}

const PREVIEW_USERS: Record<PreviewUserRole, PreviewUser> = {
  admin: { role: 'admin', accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Alex Admin' },
  member: { role: 'member', accountId: '5b10a2844c20165700ede21f', displayName: 'Morgan Member' },
};

export type PreviewSource =
  | { kind: 'demo'; snapshotDir: string }
  /** A generated project of `issues` issues (dev/bench/synth.ts), served by the emulator at `latencyMs` a request. */
  | { kind: 'synthetic'; issues: number; seed?: number; latencyMs?: number }
  | { kind: 'site'; url: string; email: string; apiToken: string; projects: string[] };

export interface PreviewOptions {
  source?: PreviewSource;
  /** 3000 by default; 0 picks a free port. */
  port?: number;
  /** Where the KVS stand-in keeps its file (default .preview-data/). */
  dataDir?: string;
  /** The user of a browser without the user cookie (default admin). */
  defaultUser?: PreviewUserRole;
  /** Builds the bundles before listening (default true). */
  build?: boolean;
  /** One line per resolver call and per failure. */
  log?: (line: string) => void;
  /** Delivery delay of the local scan queue, per event (default 250 ms). */
  scanDelayMs?: number;
  /** Seeds the history store from dev/demo-site/history.json when it is empty (default: on the demo site). */
  seedHistory?: boolean;
  /**
   * Forge's time limits are multiplied by this (dev/forge-runtime). Default: 1 on a real site;
   * on the emulator its latency over Jira's typical 40 ms, at least 0.25 (a resolver then has
   * 6.25 s on the emulator without latency, 25 s at 40 ms a request).
   */
  timeScale?: number;
}

/**
 * The consumer's budget in the preview: one search page per invocation, so a scan of the demo's
 * few hundred issues takes a few invocations and its progress shows (Forge: 400 pages, 10 min).
 */
const PREVIEW_SCAN_BUDGET: ScanBudget = { timeBudgetMs: 20_000, maxPagesPerInvocation: 1, reserveMs: 5_000, maxFailures: 5 };
/** On a large synthetic site: 50 pages an invocation, well inside the scaled consumer limit (at least 225 s). */
const SYNTHETIC_SCAN_BUDGET: ScanBudget = { timeBudgetMs: 60_000, maxPagesPerInvocation: 50, reserveMs: 5_000, maxFailures: 5 };

export interface RunningPreview {
  url: string;
  /** The Forge-faithful runtime the app runs on (its request counters, its queue). */
  runtime: ForgeRuntime;
  /** The emulator's request counters, when Jira is the emulator. */
  emulator: RunningEmulator | undefined;
  port: number;
  /** The as-of date of every analysis (the demo's capture date), or undefined for today. */
  asOf: string | undefined;
  projects: string[];
  build: BuildReport | null;
  close(): Promise<void>;
}

/** The config of environment variables: a real site when JIRA_SITE is set, else the demo. */
export function sourceFromEnv(env: NodeJS.ProcessEnv = process.env): PreviewSource {
  const site = env.JIRA_SITE?.trim();
  const issues = env.PREVIEW_ISSUES?.trim();
  if (!site && issues) {
    const count = Number(issues);
    if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new Error(`PREVIEW_ISSUES must be a whole number of issues from 1 to 1000000, not "${issues}"`);
    const latency = env.PREVIEW_LATENCY_MS?.trim() ? Number(env.PREVIEW_LATENCY_MS) : 0;
    if (!Number.isInteger(latency) || latency < 0 || latency > 5000) throw new Error(`PREVIEW_LATENCY_MS must be whole milliseconds from 0 to 5000, not "${env.PREVIEW_LATENCY_MS}"`);
    return { kind: 'synthetic', issues: count, latencyMs: latency };
  }
  if (!site) return { kind: 'demo', snapshotDir: DEMO_SNAPSHOT };
  const checked = checkSiteUrl(site);
  if (!checked.ok) throw new Error(`JIRA_SITE ${checked.error}`);
  const email = env.JIRA_EMAIL?.trim();
  const apiToken = env.JIRA_API_TOKEN?.trim();
  if (!email || !apiToken) throw new Error('JIRA_SITE needs JIRA_EMAIL (your Atlassian account email) and JIRA_API_TOKEN (an API token from id.atlassian.com)');
  const projects = (env.JIRA_PROJECTS ?? '')
    .split(',')
    .map((p) => p.trim().toUpperCase())
    .filter((p) => p !== '');
  for (const p of projects) if (!isProjectKey(p)) throw new Error(`JIRA_PROJECTS: "${p}" is not a Jira project key`);
  return { kind: 'site', url: checked.url, email, apiToken, projects };
}

/** Jira as a member of the site: the same reads, but never the global ADMINISTER permission. */
function withoutAdminister(jira: ViewerJira): ViewerJira {
  return {
    issue: (key) => jira.issue(key),
    children: (key) => jira.children(key),
    visibleIssueKeys: (keys, maxSearches) => jira.visibleIssueKeys(keys, maxSearches),
    visibleBoards: (boardIds, maxRequests) => jira.visibleBoards(boardIds, maxRequests),
    ...(jira.issueTypes ? { issueTypes: () => jira.issueTypes!() } : {}),
    async myPermissions(projectKey) {
      const granted = await jira.myPermissions(projectKey);
      return { ...granted, administer: false };
    },
  };
}

/** Seeds each demo project's history from the committed demo fixture when its store is empty. */
async function seedDemoHistory(history: KvHistoryStore, projects: readonly string[], log: (line: string) => void): Promise<void> {
  const fixture = JSON.parse(await readFile(DEMO_HISTORY_FILE, 'utf8')) as Record<string, HistoryDoc>;
  for (const projectKey of projects) {
    const doc = fixture[projectKey];
    if (doc === undefined || (await history.get(projectKey)).days.length > 0) continue;
    await history.put(projectKey, doc);
    log(`history: seeded ${projectKey} with ${doc.days.length} days of demo history (dev/demo-site/history.json)`);
  }
}

let themeCss: Promise<string> | undefined;
function themeStylesheet(): Promise<string> {
  themeCss ??= (async () => {
    // Answer Atlaskit's rollout flags locally (the feature-gate client is never initialised here).
    setBooleanFeatureFlagResolver(() => false);
    const styles = await getThemeStyles({ colorMode: 'auto', light: 'light', dark: 'dark', spacing: 'spacing', typography: 'typography', shape: 'shape', motion: 'motion' });
    return styles.map((s) => s.css).join('\n');
  })();
  return themeCss;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      try {
        out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
      } catch {
        /* a malformed cookie is ignored */
      }
    }
  }
  return out;
}

async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'the request body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(body);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRef(value: unknown, what: string): { id: string; key: string; type: string } {
  if (!isRecord(value) || typeof value.key !== 'string') throw new HttpError(400, `module.${what} must name a key`);
  return { id: typeof value.id === 'string' ? value.id : '', key: value.key, type: typeof value.type === 'string' ? value.type : '' };
}

function parseGadget(value: unknown): GadgetRef {
  if (!isRecord(value) || typeof value.id !== 'string') throw new HttpError(400, 'module.gadget must name an id');
  return { id: value.id, entryPoint: value.entryPoint === 'edit' ? 'edit' : 'view', configuration: isRecord(value.configuration) ? value.configuration : {} };
}

/** The module of an invoke request, as the shell described it (the app's code never writes it). */
function parseModule(value: unknown): ModuleRef {
  if (!isRecord(value)) throw new HttpError(400, 'the request names no module');
  switch (value.kind) {
    case 'project-page':
      return { kind: 'project-page', moduleKey: MODULE_KEYS['project-page'], project: parseRef(value.project, 'project') };
    case 'issue-panel':
      return { kind: 'issue-panel', moduleKey: MODULE_KEYS['issue-panel'], project: parseRef(value.project, 'project'), issue: parseRef(value.issue, 'issue') };
    case 'admin-page':
      return { kind: 'admin-page', moduleKey: MODULE_KEYS['admin-page'] };
    case 'global-page':
      return { kind: 'global-page', moduleKey: MODULE_KEYS['global-page'] };
    case 'dashboard-gadget':
      return { kind: 'dashboard-gadget', moduleKey: MODULE_KEYS['dashboard-gadget'], gadget: parseGadget(value.gadget) };
    default:
      throw new HttpError(400, `unknown module kind ${JSON.stringify(value.kind)}`);
  }
}

const EXTENSION_TYPE: Record<ModuleRef['kind'], string> = {
  'project-page': 'jira:projectPage',
  'issue-panel': 'jira:issueContext',
  'admin-page': 'jira:adminPage',
  'global-page': 'jira:globalPage',
  'dashboard-gadget': 'jira:dashboardGadget',
};

export async function startPreview(options: PreviewOptions = {}): Promise<RunningPreview> {
  const source = options.source ?? { kind: 'demo', snapshotDir: DEMO_SNAPSHOT };
  let syntheticDir: string | undefined;
  const log = options.log ?? (() => undefined);
  const defaultUser = options.defaultUser ?? 'admin';
  const buildReport = options.build === false ? null : await ensureBundles();
  const hasShellCss = existsSync(join(PREVIEW_BUILD, 'shell.css'));

  // Jira: the emulator on the demo snapshot, or the real site.
  let emulator: RunningEmulator | undefined;
  let jiraClient: JiraClient;
  let projects: string[];
  let asOf: string | undefined;
  let capturedAt: string | undefined;
  let sourceLabel: string;
  let jiraBaseUrl: string;
  let jiraHeaders: Record<string, string> | undefined;
  let timeScale = 1;
  if (source.kind === 'demo' || source.kind === 'synthetic') {
    let snapshotDir: string;
    if (source.kind === 'synthetic') {
      const t0 = Date.now();
      const site = generateSite({ issues: source.issues, seed: source.seed ?? 7 });
      const dir = await mkdtemp(join(tmpdir(), `preview-synthetic-${source.issues}-`));
      syntheticDir = dir;
      await writeSiteSnapshot(site, dir);
      snapshotDir = dir;
      log(`synthetic site: ${source.issues} issues in ${site.projectKey} generated in ${Date.now() - t0} ms (dev/bench/synth.ts)`);
    } else {
      snapshotDir = source.snapshotDir;
    }
    const meta = await readMeta(snapshotDir);
    capturedAt = meta?.capturedAt;
    asOf = capturedAt ? calendarDateOf(capturedAt) : undefined;
    projects = await listProjects(snapshotDir);
    const latencyMs = source.kind === 'synthetic' ? (source.latencyMs ?? 0) : 0;
    emulator = await startEmulator({ snapshotDir, port: 0, ...(latencyMs > 0 ? { faults: [{ kind: 'slow', delayMs: latencyMs }] } : {}) });
    jiraClient = createJiraClient(createNodeTransport({ baseUrl: emulator.url }));
    jiraBaseUrl = emulator.url;
    timeScale = Math.max(0.25, latencyMs / 40);
    const label = source.kind === 'synthetic' ? `synthetic site of ${source.issues} issues` : 'demo site';
    sourceLabel = asOf ? `${label} as of ${asOf}` : label;
  } else {
    jiraClient = createJiraClient(createNodeTransport({ baseUrl: source.url, email: source.email, apiToken: source.apiToken }));
    projects = source.projects;
    sourceLabel = new URL(source.url).host;
    jiraBaseUrl = source.url;
    jiraHeaders = { Authorization: `Basic ${Buffer.from(`${source.email}:${source.apiToken}`).toString('base64')}` };
  }

  // The demo's clock starts at the capture time and runs (to the end of that day at most), so every
  // analysis is "as of" the capture date, like the report command, while scans, leases and
  // timestamps still see time pass; a real site uses the real clock.
  const started = Date.now();
  const anchor = source.kind !== 'site' && capturedAt ? Date.parse(capturedAt) : undefined;
  const endOfAnchorDay = anchor === undefined ? 0 : Date.parse(`${new Date(anchor).toISOString().slice(0, 10)}T23:59:59.999Z`);
  const clock = anchor === undefined ? () => Date.now() : () => Math.min(endOfAnchorDay, anchor + (Date.now() - started));
  const kv = new FileKeyValueStore(join(options.dataDir ?? DEFAULT_DATA_DIR, 'kvs.json'));

  // The app as Forge runs it, from the one composition root: its stores over the file-backed
  // KVS, its consumer fed by a local queue inside the host (events in the @forge/events v2
  // envelope), Jira read as the app (here the same emulator or site). One app per preview role.
  const states = new KvScanStateStore(kv);
  const history = new KvHistoryStore(kv);
  // A scan left running by an earlier preview has no consumer any more: drop it, the page starts a new one.
  for (const projectKey of await states.knownProjects()) {
    const run = await states.getRun(projectKey);
    if (run === null) continue;
    await states.deleteRunData(run);
    await states.deleteRun(projectKey);
    log(`scan: dropped the unfinished scan ${run.runId} of ${projectKey} from an earlier run`);
  }
  if (options.seedHistory ?? source.kind === 'demo') await seedDemoHistory(history, projects, log);
  let runs = 0;
  // The app on the Forge-faithful runtime (dev/forge-runtime), from the one composition root:
  // Forge's time limits scaled to the emulator's latency, requestJira with relative routes and
  // the gateway's `self` links (the site URL only in each call's context), the consumer fed in
  // real time with v2 envelopes, the signed-in preview user's identity (a member never holds
  // ADMINISTER), and the file-backed KVS whose `query` lags behind writes.
  const runtime = new ForgeRuntime({
    jiraBaseUrl,
    ...(jiraHeaders ? { jiraHeaders } : {}),
    siteUrl: '',
    kv,
    queryLag: 5,
    timeScale: options.timeScale ?? timeScale,
    clock,
    delivery: { mode: 'realtime', deliveryDelayMs: options.scanDelayMs ?? 250 },
    viewerFor: (accountId, jira) => (accountId === PREVIEW_USERS.admin.accountId ? jira : withoutAdminister(jira)),
    log: (m) => log(m),
    ports: {
      newRunId: () => `p${started.toString(36)}${(++runs).toString(36)}`,
      budget: source.kind === 'synthetic' ? SYNTHETIC_SCAN_BUDGET : PREVIEW_SCAN_BUDGET,
    },
  });

  // What the shell pages show of Jira (as the site sees it), briefly cached per project.
  const scans = new Map<string, { at: number; raw: Promise<RawProject> }>();
  const scan = (projectKey: string): Promise<RawProject> => {
    const cached = scans.get(projectKey);
    if (cached && Date.now() - cached.at < 15_000) return cached.raw;
    const raw = scanProject(jiraClient, projectKey);
    scans.set(projectKey, { at: Date.now(), raw });
    raw.catch(() => scans.delete(projectKey));
    return raw;
  };

  const cloudId = '00000000-0000-4000-8000-00000000c10d';

  function userOf(req: IncomingMessage): PreviewUser {
    const role = cookies(req).get(USER_COOKIE);
    return PREVIEW_USERS[role === 'admin' || role === 'member' ? role : defaultUser];
  }
  function colorModeOf(req: IncomingMessage): ColorMode {
    return cookies(req).get(THEME_COOKIE) === 'dark' ? 'dark' : 'light';
  }
  /** The site URL the app sees: this preview, so the app's links open the shell's pages. */
  function siteUrlOf(req: IncomingMessage): string {
    const host = req.headers.host ?? '';
    return /^(localhost|127\.0\.0\.1)(:\d{1,5})?$/.test(host) ? `http://${host}` : running.url;
  }

  function frame(req: IncomingMessage, title: string, module: ModuleRef | null, nav: ShellFrame['nav'], currentProject: string | null, flush = false, gadgets?: DashboardGadget[]): ShellFrame {
    const uiKitResource = module && (module.kind === 'issue-panel' || module.kind === 'admin-page') ? module.kind : null;
    const config: PageConfig = {
      siteUrl: siteUrlOf(req),
      cloudId,
      app: PREVIEW_APP,
      colorMode: colorModeOf(req),
      user: userOf(req),
      users: Object.values(PREVIEW_USERS),
      module,
      ...(gadgets ? { gadgets } : {}),
      ...(uiKitResource ? { uiKitBundle: `/preview/assets/app-${uiKitResource}.js` } : {}),
    };
    return { title, config, projects, currentProject, nav, sourceLabel, hasShellCss, flush };
  }

  const page = (res: ServerResponse, status: number, text: string) => send(res, status, 'text/html; charset=utf-8', text);

  async function serveFile(res: ServerResponse, base: string, relative: string): Promise<void> {
    const path = normalize(join(base, relative));
    if (path !== base && !path.startsWith(base + sep)) throw new HttpError(404, 'no such file');
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      throw new HttpError(404, `no such file: ${relative}`);
    }
    send(res, 200, CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', body);
  }

  async function customUiIndex(res: ServerResponse, build = CUSTOM_UI_BUILD): Promise<void> {
    let index: string;
    try {
      index = await readFile(join(build, 'index.html'), 'utf8');
    } catch {
      throw new HttpError(503, 'The app\'s Custom UI is not built; restart the preview (npm start builds it).');
    }
    // Forge serves the app's page with its bridge script first; the token CSS is inert until
    // the page turns theming on (data-theme on <html>).
    const injected = index.replace(/<head>/i, '<head>\n<script src="/preview/assets/custom-ui-bridge.js"></script>\n<link rel="stylesheet" href="/preview/theme.css">');
    send(res, 200, 'text/html; charset=utf-8', injected);
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // JSON only: a page on another site cannot send that without a CORS preflight, which this
    // host never grants, so only the preview's own pages can call the app.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      throw new HttpError(415, 'invoke takes a JSON body (Content-Type: application/json)');
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, 'the request body is not JSON');
    }
    if (!isRecord(body)) throw new HttpError(400, 'the request body must be an object');
    const request = body as Partial<InvokeRequest>;
    const functionKey = request.functionKey;
    if (typeof functionKey !== 'string' || !(RESOLVER_KEYS as readonly string[]).includes(functionKey)) {
      throw new HttpError(404, `the app defines no resolver ${JSON.stringify(functionKey)}`);
    }
    const module = parseModule(request.module);
    const user = userOf(req);
    const extension: Record<string, unknown> = { type: EXTENSION_TYPE[module.kind] };
    if (module.kind === 'project-page' || module.kind === 'issue-panel') extension.project = module.project;
    if (module.kind === 'issue-panel') extension.issue = module.issue;
    if (module.kind === 'dashboard-gadget') {
      extension.gadget = { id: module.gadget.id };
      extension.gadgetConfiguration = module.gadget.configuration;
      if (module.gadget.entryPoint === 'edit') extension.entryPoint = 'edit';
    }
    const context = { accountId: user.accountId, siteUrl: siteUrlOf(req), moduleKey: module.moduleKey, localId: extensionAri(module.moduleKey), environmentId: PREVIEW_APP.environmentId, extension };
    const started = Date.now();
    let result: unknown;
    try {
      result = await runtime.resolve(functionKey as ResolverKey, request.payload ?? {}, context);
    } catch (error) {
      // What the bridge reports when the function died (past its limit) or threw.
      log(`invoke ${functionKey} as ${user.role}: ${error instanceof Error ? error.message : String(error)}`);
      throw new HttpError(error instanceof InvocationTimedOut ? 504 : 500, error instanceof Error ? error.message : String(error));
    }
    const okFlag = isRecord(result) && result.ok === true;
    log(`invoke ${functionKey} as ${user.role}: ${okFlag ? 'ok' : 'error'} in ${Date.now() - started} ms`);
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
  }

  async function projectOr404(req: IncomingMessage, res: ServerResponse, key: string): Promise<{ id: string; key: string; name: string } | null> {
    try {
      return await jiraClient.project(key);
    } catch (error) {
      if (error instanceof JiraNotFoundError) {
        page(res, 404, shellPage(frame(req, 'Project not found', null, null, null), noticeBody('Project not found', `Jira has no project ${key}, or you may not browse it.`)));
        return null;
      }
      throw error;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://preview.local');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    let m: RegExpMatchArray | null;

    if (method === 'POST' && path === '/api/invoke') return invoke(req, res);
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} is not allowed here`);

    if (path === '/') {
      const first = projects[0];
      const target = first ? `/projects/${encodeURIComponent(first)}/planning-levels` : '/admin/planning-levels';
      return send(res, 302, 'text/plain; charset=utf-8', `See ${target}`, { Location: target });
    }
    if (path === '/preview/theme.css') return send(res, 200, CONTENT_TYPES['.css']!, await themeStylesheet());
    if ((m = path.match(/^\/preview\/assets\/([\w.-]+)$/))) return serveFile(res, PREVIEW_BUILD, m[1]!);
    if (path === '/custom-ui/project-page/' || path === '/custom-ui/project-page/index.html') return customUiIndex(res);
    if ((m = path.match(/^\/custom-ui\/project-page\/(assets\/[\w.-]+)$/))) return serveFile(res, CUSTOM_UI_BUILD, m[1]!);
    if (path === '/custom-ui/portfolio/' || path === '/custom-ui/portfolio/index.html') return customUiIndex(res, PORTFOLIO_BUILD);
    if ((m = path.match(/^\/custom-ui\/portfolio\/(assets\/[\w.-]+)$/))) return serveFile(res, PORTFOLIO_BUILD, m[1]!);
    if (path === '/favicon.ico') return send(res, 204, 'text/plain', '');

    if (path === '/go') {
      const key = (url.searchParams.get('key') ?? '').trim().toUpperCase();
      const target = isIssueKey(key) ? `/browse/${key}` : isProjectKey(key) ? `/projects/${key}/planning-levels` : null;
      if (target) return send(res, 302, 'text/plain; charset=utf-8', `See ${target}`, { Location: target });
      return page(res, 400, shellPage(frame(req, 'Not a key', null, null, projects[0] ?? null), noticeBody('Not an issue or project key', `"${key}" is neither an issue key like ACME-12 nor a project key like ACME.`)));
    }

    // The project page's address as Jira gives it (/jira/{product}/projects/KEY/apps/APP/ENV): the preview's page of the project.
    if ((m = path.match(/^\/jira\/(?:software|core|servicedesk)\/projects\/([A-Z][A-Z0-9_]*)\/apps\/([\w-]+)\/([\w-]+)$/)) && m[2] === PREVIEW_APP.appId && m[3] === PREVIEW_APP.environmentId) {
      const target = `/projects/${m[1]!}/planning-levels`;
      return send(res, 302, 'text/plain; charset=utf-8', `See ${target}`, { Location: target });
    }
    if ((m = path.match(/^\/projects\/([A-Z][A-Z0-9_]*)\/planning-levels$/))) {
      const project = await projectOr404(req, res, m[1]!);
      if (!project) return;
      const module: ModuleRef = { kind: 'project-page', moduleKey: MODULE_KEYS['project-page'], project: { id: project.id, key: project.key, type: 'software' } };
      return page(res, 200, shellPage(frame(req, `Planning levels · ${project.name}`, module, 'planning-levels', project.key, true), projectPageBody(project.name)));
    }
    if ((m = path.match(/^\/projects\/([A-Z][A-Z0-9_]*)\/issues$/))) {
      const project = await projectOr404(req, res, m[1]!);
      if (!project) return;
      const raw = await scan(project.key);
      return page(res, 200, shellPage(frame(req, `Issues · ${project.name}`, null, 'issues', project.key), issueListBody(project.key, project.name, raw.issues, url.searchParams.get('q') ?? '')));
    }
    if ((m = path.match(/^\/projects\/([A-Z][A-Z0-9_]*)\/versions\/(\d+)$/))) {
      const project = await projectOr404(req, res, m[1]!);
      if (!project) return;
      const raw = await scan(project.key);
      const version = raw.versions.find((v) => v.id === m![2]);
      if (!version) return page(res, 404, shellPage(frame(req, 'Version not found', null, null, project.key), noticeBody('Version not found', `${project.key} has no version ${m[2]}.`)));
      return page(res, 200, shellPage(frame(req, version.name, null, null, project.key), versionBody(project.key, version, raw.issues)));
    }
    if (path === '/secure/RapidBoard.jspa') {
      const boardId = Number(url.searchParams.get('rapidView'));
      for (const key of projects) {
        const raw = await scan(key);
        const board = raw.boards.find((b) => b.id === boardId);
        if (board) {
          const sprints = raw.sprintsByBoard.find((s) => s.boardId === boardId)?.sprints ?? [];
          const sprint = Number(url.searchParams.get('sprint'));
          return page(res, 200, shellPage(frame(req, board.name, null, null, key), boardBody(key, board, sprints, Number.isInteger(sprint) ? sprint : undefined)));
        }
      }
      return page(res, 404, shellPage(frame(req, 'Board not found', null, null, projects[0] ?? null), noticeBody('Board not found', `No board ${url.searchParams.get('rapidView') ?? ''} in the preview's projects.`)));
    }
    if ((m = path.match(/^\/browse\/([A-Z][A-Z0-9_]*-\d+)$/))) {
      const key = m[1]!;
      let issue;
      try {
        issue = await jiraClient.issueWithParent(key);
      } catch (error) {
        if (error instanceof JiraNotFoundError) {
          return page(res, 404, shellPage(frame(req, 'Issue not found', null, null, projects[0] ?? null), noticeBody('Issue not found', `Jira has no issue ${key}, or you may not browse it.`)));
        }
        throw error;
      }
      const projectKey = issue.fields.project?.key ?? key.slice(0, key.lastIndexOf('-'));
      const project = await projectOr404(req, res, projectKey);
      if (!project) return;
      const module: ModuleRef = {
        kind: 'issue-panel',
        moduleKey: MODULE_KEYS['issue-panel'],
        project: { id: project.id, key: project.key, type: 'software' },
        issue: { id: issue.id, key: issue.key, type: issue.fields.issuetype.name },
      };
      return page(res, 200, shellPage(frame(req, `${issue.key}: ${issue.fields.summary}`, module, 'issues', project.key), issuePageBody(issue, project.key, project.name)));
    }
    if (path === '/planning-levels') {
      const module: ModuleRef = { kind: 'global-page', moduleKey: MODULE_KEYS['global-page'] };
      return page(res, 200, shellPage(frame(req, 'Planning levels · all projects', module, 'portfolio', projects[0] ?? null, true), globalPageBody()));
    }
    if (path === '/dashboard') {
      return page(res, 200, shellPage(frame(req, 'Dashboard', null, 'dashboard', projects[0] ?? null, false, dashboardGadgets(projects)), dashboardBody(dashboardGadgets(projects))));
    }
    if (path === '/admin/planning-levels') {
      const module: ModuleRef = { kind: 'admin-page', moduleKey: MODULE_KEYS['admin-page'] };
      return page(res, 200, shellPage(frame(req, 'Planning levels settings', module, 'admin', projects[0] ?? null), adminPageBody()));
    }
    throw new HttpError(404, `Nothing at ${path}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 502;
      const message =
        error instanceof HttpError
          ? error.message
          : error instanceof JiraError
            ? `Jira failed to answer: ${error.message}`
            : `The preview failed: ${error instanceof Error ? error.message : String(error)}`;
      if (!(error instanceof HttpError)) log(`${req.method ?? 'GET'} ${req.url ?? ''}: ${message}`);
      if (res.headersSent) return void res.end();
      const wantsHtml = (req.headers.accept ?? '').includes('text/html');
      if (wantsHtml) page(res, status, shellPage(frame(req, 'Error', null, null, projects[0] ?? null), noticeBody(status === 404 ? 'Page not found' : 'Something went wrong', message, status === 404 ? 'warning' : 'error')));
      else send(res, status, 'text/plain; charset=utf-8', message);
    });
  });

  const port = options.port ?? 3000;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen());
  }).catch(async (error: unknown) => {
    await emulator?.close();
    await runtime.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `port ${port} is in use; set PORT to another port` : `cannot listen on port ${port}: ${String(error)}`);
  });
  const actualPort = (server.address() as AddressInfo).port;

  const running: RunningPreview = {
    url: `http://127.0.0.1:${actualPort}`,
    runtime,
    emulator,
    port: actualPort,
    asOf,
    projects,
    build: buildReport,
    async close() {
      await runtime.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await emulator?.close();
      await kv.flush();
      if (syntheticDir) await rm(syntheticDir, { recursive: true, force: true });
    },
  };
  return running;
}
