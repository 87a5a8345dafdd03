/**
 * The preview shell's pages, rendered on the server: a small Jira-like frame (top bar, project
 * sidebar) around the app's modules, plus the Jira pages the app links to (issue view, issue
 * list, version, board). Colours and type come from Atlassian design tokens, so both themes
 * look right; the module areas are filled in the browser by shell.js.
 */
import type { JiraBoard, JiraIssue, JiraSprint, JiraVersion } from '../../src/jira/schemas';
import { THEME_ATTR, type DashboardGadget, type PageConfig, type PreviewUserRole } from './protocol';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A tagged template that escapes every interpolated value unless it is already Html. */
export class Html {
  constructor(readonly text: string) {}
}
type Part = Html | string | number | undefined | null | false | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new Html(out);
}

const SHELL_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; }
body { background: var(--ds-surface, #fff); color: var(--ds-text, #172b4d); font: var(--ds-font-body, normal 400 14px/20px ui-sans-serif, system-ui, sans-serif); }
a { color: var(--ds-link, #0c66e4); }
a:visited { color: var(--ds-link-visited, #5e4db2); }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; z-index: 10; background: var(--ds-surface-overlay, #fff); padding: 8px; }
.topbar { display: flex; align-items: center; gap: 16px; padding: 8px 16px; border-bottom: 1px solid var(--ds-border, #091e4224); background: var(--ds-surface, #fff); min-height: 56px; flex-wrap: wrap; }
.brand { font: var(--ds-font-heading-small, 600 16px/20px ui-sans-serif, system-ui, sans-serif); color: var(--ds-text, #172b4d); text-decoration: none; display: flex; align-items: center; gap: 8px; }
.brand:visited { color: var(--ds-text, #172b4d); }
.brand-mark { display: inline-block; width: 24px; height: 24px; border-radius: 4px; background: var(--ds-background-brand-bold, #0c66e4); }
.tag { font: var(--ds-font-body-small, 400 12px/16px ui-sans-serif, system-ui, sans-serif); color: var(--ds-text-subtle, #44546f); border: 1px solid var(--ds-border, #091e4224); border-radius: 3px; padding: 0 6px; }
.spacer { flex: 1; }
.controls { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.field { display: flex; align-items: center; gap: 6px; }
input, select, button { font: inherit; color: var(--ds-text, #172b4d); background: var(--ds-background-input, #fff); border: 1px solid var(--ds-border-input, #8590a2); border-radius: 3px; padding: 4px 8px; min-height: 32px; }
button { background: var(--ds-background-neutral, #091e420f); border-color: transparent; cursor: pointer; font-weight: 500; }
button:hover { background: var(--ds-background-neutral-hovered, #091e4224); }
input:focus-visible, select:focus-visible, button:focus-visible, a:focus-visible { outline: 2px solid var(--ds-border-focused, #388bff); outline-offset: 2px; }
.layout { display: grid; grid-template-columns: 240px minmax(0, 1fr); min-height: calc(100vh - 57px); }
.sidebar { border-right: 1px solid var(--ds-border, #091e4224); background: var(--ds-surface, #fff); padding: 16px 8px; display: flex; flex-direction: column; gap: 16px; }
.sidebar h2 { font: var(--ds-font-heading-xxsmall, 600 12px/16px ui-sans-serif, system-ui, sans-serif); color: var(--ds-text-subtle, #44546f); margin: 0 8px 4px; text-transform: uppercase; }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar li a { display: block; padding: 6px 8px; border-radius: 3px; color: var(--ds-text-subtle, #44546f); text-decoration: none; font-weight: 500; }
.sidebar li a:hover { background: var(--ds-background-neutral-subtle-hovered, #091e420f); }
.sidebar li a[aria-current="page"] { background: var(--ds-background-selected, #e9f2ff); color: var(--ds-text-selected, #0c66e4); }
.sidebar .picker { padding: 0 8px; display: flex; flex-direction: column; gap: 4px; }
.sidebar .picker label { font-weight: 600; color: var(--ds-text-subtle, #44546f); }
main { padding: 24px 32px; min-width: 0; }
main.flush { padding: 0; }
h1 { font: var(--ds-font-heading-large, 600 24px/28px ui-sans-serif, system-ui, sans-serif); margin: 0 0 8px; }
h2 { font: var(--ds-font-heading-small, 600 16px/20px ui-sans-serif, system-ui, sans-serif); margin: 0 0 8px; }
.subtle { color: var(--ds-text-subtle, #44546f); }
.breadcrumbs { display: flex; gap: 6px; color: var(--ds-text-subtle, #44546f); margin-bottom: 8px; flex-wrap: wrap; }
.breadcrumbs ol { display: flex; gap: 6px; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
.breadcrumbs li + li::before { content: "/"; margin-right: 6px; }
.issue-layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 32px; align-items: start; }
main { container-type: inline-size; }
/* Jira's issue view puts the context panel beside the fields only when both fit; else below them. */
@container (min-width: 760px) { .issue-layout { grid-template-columns: minmax(0, 1fr) minmax(320px, 420px); } }
/* A narrow window: Jira folds its sidebar away; here it goes above the page. */
@media (max-width: 720px) {
  .layout { grid-template-columns: minmax(0, 1fr); }
  .sidebar { border-right: 0; border-bottom: 1px solid var(--ds-border, #091e4224); }
  main { padding: 16px; }
}
.details { display: grid; grid-template-columns: max-content 1fr; gap: 8px 24px; margin: 16px 0; }
.details dt { color: var(--ds-text-subtle, #44546f); font-weight: 600; }
.details dd { margin: 0; }
.context-panel { border: 1px solid var(--ds-border, #091e4224); border-radius: 8px; padding: 16px; background: var(--ds-surface-raised, #fff); box-shadow: var(--ds-shadow-raised, none); }
.context-panel > h2 { display: flex; align-items: center; gap: 8px; }
.status { display: inline-block; padding: 0 4px; border-radius: 3px; font: var(--ds-font-body-small, 700 11px/16px ui-sans-serif, system-ui, sans-serif); font-weight: 700; text-transform: uppercase; }
.status-new { background: var(--ds-background-neutral, #091e420f); color: var(--ds-text, #172b4d); }
.status-indeterminate { background: var(--ds-background-information, #e9f2ff); color: var(--ds-text-information, #0055cc); }
.status-done { background: var(--ds-background-success, #dcfff1); color: var(--ds-text-success, #216e4e); }
table.list { border-collapse: collapse; width: 100%; }
table.list th, table.list td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--ds-border, #091e4224); vertical-align: top; }
table.list tr.selected td { background: var(--ds-background-selected, #e9f2ff); }
table.list th { color: var(--ds-text-subtle, #44546f); font-weight: 600; }
.filter { display: flex; gap: 8px; align-items: center; margin: 8px 0 16px; }
.notice { border-left: 4px solid var(--ds-border-warning, #e56910); background: var(--ds-background-warning, #fff7d6); padding: 12px 16px; border-radius: 3px; }
.notice.error { border-left-color: var(--ds-border-danger, #e2483d); background: var(--ds-background-danger, #ffeceb); }
iframe.custom-ui { display: block; width: 100%; min-height: 480px; border: 0; }
.dashboard-head { padding: 0 0 8px; }
.dashboard { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr)); gap: 16px; align-items: start; }
.gadget { border: 1px solid var(--ds-border, #091e4224); border-radius: 8px; background: var(--ds-surface-raised, #fff); box-shadow: var(--ds-shadow-raised, none); min-width: 0; }
.gadget-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 8px 12px; border-bottom: 1px solid var(--ds-border, #091e4224); }
.gadget-head h2 { margin: 0; }
iframe.gadget-frame { min-height: 120px; }
`;

export interface ShellFrame {
  title: string;
  config: PageConfig;
  projects: readonly string[];
  currentProject: string | null;
  /** Which sidebar entry is the page. */
  nav: 'planning-levels' | 'issues' | 'admin' | 'portfolio' | 'dashboard' | null;
  sourceLabel: string;
  hasShellCss: boolean;
  /** The main area is full-bleed (the project page's iframe). */
  flush?: boolean;
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const ROLE_LABEL: Record<PreviewUserRole, string> = { admin: 'Jira admin', member: 'not an admin' };

export function shellPage(frame: ShellFrame, body: Html): string {
  const { config } = frame;
  const current = (nav: ShellFrame['nav']) => (frame.nav === nav ? new Html(' aria-current="page"') : '');
  const project = frame.currentProject;
  const page = html`<!doctype html>
<html lang="en" data-theme="${THEME_ATTR}" data-color-mode="${config.colorMode}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · Jira local preview</title>
<link rel="stylesheet" href="/preview/theme.css">
${frame.hasShellCss ? new Html('<link rel="stylesheet" href="/preview/assets/shell.css">') : ''}
<style>${new Html(SHELL_CSS)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the page content</a>
<header class="topbar">
  <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Jira</a>
  <span class="tag">Local preview · ${frame.sourceLabel}</span>
  <form class="field" action="/go" method="get" role="search">
    <label for="go-key">Go to issue or project</label>
    <input id="go-key" name="key" placeholder="ACME-12" size="10" autocomplete="off">
    <button type="submit">Go</button>
  </form>
  <span class="spacer"></span>
  <div class="controls">
    <div class="field">
      <label for="user-switch">Signed in as</label>
      <select id="user-switch">
        ${config.users.map((u) => html`<option value="${u.role}"${u.role === config.user.role ? new Html(' selected') : ''}>${u.displayName} (${ROLE_LABEL[u.role]})</option>`)}
      </select>
    </div>
    <button type="button" id="theme-toggle" aria-pressed="${String(config.colorMode === 'dark')}" title="Switch between the light and dark theme">${config.colorMode === 'dark' ? 'Dark theme' : 'Light theme'}</button>
  </div>
</header>
<div class="layout">
  <nav class="sidebar" aria-label="Project navigation">
    <div class="picker">
      <label for="project-picker">Project</label>
      <select id="project-picker">
        ${project && !frame.projects.includes(project) ? html`<option value="${project}" selected>${project}</option>` : ''}
        ${frame.projects.map((key) => html`<option value="${key}"${key === project ? new Html(' selected') : ''}>${key}</option>`)}
      </select>
    </div>
    ${
      project
        ? html`<div><h2>${project}</h2><ul>
      <li><a href="/projects/${encodeURIComponent(project)}/planning-levels"${current('planning-levels')}>Planning levels</a></li>
      <li><a href="/projects/${encodeURIComponent(project)}/issues"${current('issues')}>Issues</a></li>
    </ul></div>`
        : ''
    }
    <div><h2>Apps</h2><ul>
      <li><a href="/planning-levels"${current('portfolio')}>Planning levels (all projects)</a></li>
      <li><a href="/dashboard"${current('dashboard')}>Dashboard</a></li>
    </ul></div>
    <div><h2>Jira settings</h2><ul>
      <li><a href="/admin/planning-levels"${current('admin')}>Apps: Planning levels</a></li>
    </ul></div>
  </nav>
  <main id="main"${frame.flush ? new Html(' class="flush"') : ''}>
${body}
  </main>
</div>
<script type="application/json" id="preview-config">${new Html(jsonForScript(config))}</script>
<script src="/preview/assets/shell.js"></script>
</body>
</html>
`;
  return page.text;
}

export function projectPageBody(projectName: string): Html {
  return html`<iframe class="custom-ui" id="custom-ui-frame" title="Planning levels app: ${projectName}" data-src="/custom-ui/project-page/index.html"></iframe>`;
}

/** The global page (jira:globalPage): the portfolio resource in a frame, like the project page. */
export function globalPageBody(): Html {
  return html`<iframe class="custom-ui" id="custom-ui-frame" title="Planning levels app: all projects" data-src="/custom-ui/portfolio/index.html"></iframe>`;
}

/**
 * A Jira dashboard with the app's gadget (jira:dashboardGadget) twice: each a frame of the
 * portfolio resource under a gadget header with its Edit button; the shell fills them in.
 */
export function dashboardBody(gadgets: readonly DashboardGadget[]): Html {
  return html`<div class="dashboard-head"><h1>Dashboard</h1><p class="subtle">Gadgets of the Planning levels app. Edit a gadget to choose what it shows; the choice is kept in this browser, as Jira keeps it with the gadget.</p></div>
<div class="dashboard">
${gadgets.map(
  (g) => html`<section class="gadget" aria-labelledby="gadget-title-${g.id}" data-gadget="${g.id}">
  <header class="gadget-head"><h2 id="gadget-title-${g.id}">${g.title}</h2><button type="button" class="gadget-edit" aria-pressed="false" aria-controls="gadget-frame-${g.id}">Edit</button></header>
  <iframe class="custom-ui gadget-frame" id="gadget-frame-${g.id}" title="${g.title} gadget"></iframe>
</section>`,
)}
</div>`;
}

export function adminPageBody(): Html {
  return html`<div id="forge-module-root"></div>`;
}

function statusLozenge(issue: { fields?: { status?: { name: string; statusCategory: { key: string } } } }): Html {
  const status = issue.fields?.status;
  if (!status) return html``;
  const category = ['new', 'indeterminate', 'done'].includes(status.statusCategory.key) ? status.statusCategory.key : 'new';
  return html`<span class="status status-${category}">${status.name}</span>`;
}

export function issuePageBody(issue: JiraIssue, projectKey: string, projectName: string): Html {
  const f = issue.fields;
  const parent = f.parent;
  return html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol>
  <li><a href="/projects/${encodeURIComponent(projectKey)}/issues">${projectName}</a></li>
  ${parent ? html`<li><a href="/browse/${encodeURIComponent(parent.key)}">${parent.key}</a></li>` : ''}
  <li><a href="/browse/${encodeURIComponent(issue.key)}" aria-current="page">${issue.key}</a></li>
</ol></nav>
<div class="issue-layout">
  <section aria-labelledby="issue-summary">
    <h1 id="issue-summary">${f.summary}</h1>
    <dl class="details">
      <dt>Key</dt><dd>${issue.key}</dd>
      <dt>Type</dt><dd>${f.issuetype.name}</dd>
      <dt>Status</dt><dd>${statusLozenge(issue)}</dd>
      <dt>Parent</dt><dd>${parent ? html`<a href="/browse/${encodeURIComponent(parent.key)}">${parent.key}</a> ${parent.fields?.summary ?? ''}` : html`<span class="subtle">None</span>`}</dd>
      <dt>Fix versions</dt><dd>${f.fixVersions && f.fixVersions.length > 0 ? f.fixVersions.map((v, i) => html`${i > 0 ? ', ' : ''}<a href="/projects/${encodeURIComponent(projectKey)}/versions/${encodeURIComponent(v.id)}">${v.name ?? v.id}</a>`) : html`<span class="subtle">None</span>`}</dd>
      <dt>Due date</dt><dd>${f.duedate ?? html`<span class="subtle">None</span>`}</dd>
      <dt>Updated</dt><dd>${f.updated.slice(0, 16).replace('T', ' ')}</dd>
    </dl>
  </section>
  <aside class="context-panel" aria-labelledby="context-heading">
    <h2 id="context-heading">Planning levels</h2>
    <div id="forge-module-root"></div>
  </aside>
</div>`;
}

export function issueListBody(projectKey: string, projectName: string, issues: readonly JiraIssue[], filter: string): Html {
  const needle = filter.trim().toLowerCase();
  const shown = needle === '' ? issues : issues.filter((i) => i.key.toLowerCase().includes(needle) || i.fields.summary.toLowerCase().includes(needle) || i.fields.issuetype.name.toLowerCase().includes(needle));
  return html`<h1>Issues</h1>
<p class="subtle">${projectName} (${projectKey}): ${issues.length} issues. Open one to see its planning-levels panel.</p>
<form class="filter" method="get" role="search">
  <label for="issue-filter">Filter by key, summary or type</label>
  <input id="issue-filter" name="q" value="${filter}">
  <button type="submit">Filter</button>
</form>
<table class="list">
  <caption class="subtle" style="text-align:left">${shown.length === issues.length ? 'All issues' : `${shown.length} of ${issues.length} issues`}</caption>
  <thead><tr><th scope="col">Key</th><th scope="col">Type</th><th scope="col">Summary</th><th scope="col">Status</th><th scope="col">Parent</th></tr></thead>
  <tbody>
  ${shown.map(
    (i) => html`<tr><td><a href="/browse/${encodeURIComponent(i.key)}">${i.key}</a></td><td>${i.fields.issuetype.name}</td><td>${i.fields.summary}</td><td>${statusLozenge(i)}</td><td>${i.fields.parent ? html`<a href="/browse/${encodeURIComponent(i.fields.parent.key)}">${i.fields.parent.key}</a>` : ''}</td></tr>`,
  )}
  </tbody>
</table>`;
}

export function versionBody(projectKey: string, version: JiraVersion, issues: readonly JiraIssue[]): Html {
  const state = version.released ? 'Released' : version.archived ? 'Archived' : 'Unreleased';
  const planned = issues.filter((i) => i.fields.fixVersions?.some((v) => v.id === version.id));
  return html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="/projects/${encodeURIComponent(projectKey)}/issues">${projectKey}</a></li><li>Releases</li></ol></nav>
<h1>${version.name}</h1>
<dl class="details"><dt>Status</dt><dd>${state}</dd><dt>Start date</dt><dd>${version.startDate ?? 'None'}</dd><dt>Release date</dt><dd>${version.releaseDate ?? 'None'}</dd></dl>
<h2>Issues in this version (${planned.length})</h2>
${planned.length === 0 ? html`<p class="subtle">No issues have this fix version.</p>` : html`<ul>${planned.map((i) => html`<li><a href="/browse/${encodeURIComponent(i.key)}">${i.key}</a> ${i.fields.summary}</li>`)}</ul>`}`;
}

export function boardBody(projectKey: string, board: JiraBoard, sprints: readonly JiraSprint[], selectedSprint?: number): Html {
  const day = (value: string | null | undefined) => (value ? value.slice(0, 10) : '');
  return html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol><li><a href="/projects/${encodeURIComponent(projectKey)}/issues">${projectKey}</a></li><li>Boards</li></ol></nav>
<h1>${board.name}</h1>
<p class="subtle">A ${board.type} board with ${sprints.length} sprints.</p>
<table class="list"><thead><tr><th scope="col">Sprint</th><th scope="col">State</th><th scope="col">Start</th><th scope="col">End</th><th scope="col">Completed</th></tr></thead>
<tbody>${sprints.map((s) => html`<tr id="sprint-${s.id}"${s.id === selectedSprint ? new Html(' class="selected" aria-current="true"') : ''}><td>${s.name}</td><td>${s.state}</td><td>${day(s.startDate)}</td><td>${day(s.endDate)}</td><td>${day(s.completeDate)}</td></tr>`)}</tbody></table>`;
}

export function noticeBody(title: string, message: string, kind: 'warning' | 'error' = 'warning'): Html {
  return html`<h1>${title}</h1><div class="notice${kind === 'error' ? ' error' : ''}" role="${kind === 'error' ? 'alert' : 'status'}"><p>${message}</p></div>`;
}
