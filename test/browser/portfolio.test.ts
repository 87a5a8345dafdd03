/**
 * The portfolio in a real browser (Debian's Chromium, playwright-core) on the local preview: the
 * global page (jira:globalPage) and a dashboard with the app's gadget (jira:dashboardGadget), at
 * 1440 and 800 px, light and dark: what they show against the engine run directly on the demo
 * snapshot, the heat map read as a table, no sideways overflow, axe-core clean. Screenshots of
 * both go to docs/screenshots/ (the README shows them).
 */
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { calendarDateOf } from '../../src/core/dates';
import { toReportJson, type ReportJson } from '../../src/core/report-json';
import { toProjectData } from '../../src/jira/project-data';
import { readSnapshotProject } from '../../src/snapshot/reader';
import { DEMO_SNAPSHOT } from '../../dev/preview/server';
import { SCREENSHOTS, axeViolations, browserSession, colorModeOf, expectBackgroundOf, frameOf, overflowsX } from './browser-kit';

const LEVEL_NAMES = ['Product Vision', 'Roadmap', 'Release', 'Iteration', 'Daily'];

jest.setTimeout(120_000);

const session = browserSession({ scanDelayMs: 20 });
const { open } = session;
/** Each demo project's report (the engine on the snapshot) and its name. */
const reports = new Map<string, ReportJson & { name: string }>();

async function report(projectKey: string): Promise<ReportJson & { name: string }> {
  const { raw, meta } = await readSnapshotProject(DEMO_SNAPSHOT, projectKey);
  if (!meta?.capturedAt) throw new Error('the demo snapshot has no capturedAt');
  return { ...toReportJson(analyze(toProjectData(raw), DEFAULT_CONFIG, calendarDateOf(meta.capturedAt))), name: raw.project.name };
}

/** The global page's frame once every project of the demo is analysed (first scans run in the preview's queue). */
async function portfolioFrame(page: Page): Promise<Frame> {
  const frame = await frameOf(page);
  await frame.getByRole('heading', { name: 'Planning levels across projects' }).waitFor();
  await frame.getByTestId('median-row').waitFor({ timeout: 90_000 });
  await frame.waitForFunction(() => document.querySelectorAll('[data-testid^="not-analysed-"]').length === 0, undefined, { timeout: 90_000 });
  return frame;
}

const gadgetFrame = (page: Page, id: string): Promise<Frame> => frameOf(page, `#gadget-frame-${id}`);

beforeAll(async () => {
  for (const key of session.preview.projects) reports.set(key, await report(key));
});

describe('the global page', () => {
  it('shows every demo project × the five levels with the report’s scores, as a table a screen reader reads as one', async () => {
    const opened = await open('/planning-levels');
    const frame = await portfolioFrame(opened.page);
    const table = frame.getByRole('table', { name: /Each project’s score at each level/ });
    // The accessibility tree: a table with its column headers and a row header per project.
    const tree = await table.ariaSnapshot();
    for (const name of LEVEL_NAMES) expect(tree).toMatch(new RegExp(`columnheader "${name}[^"]*"`));
    expect(tree).toMatch(/columnheader "Project/);
    expect(tree).toMatch(/rowheader "Median/);
    for (const [key, expected] of reports) {
      expect(tree).toContain(expected.name);
      for (const level of expected.levels) {
        const cell = frame.getByTestId(`cell-${key}-${level.level}`);
        expect({ key, level: level.level, score: Number(await cell.getByTestId('score').innerText()) }).toEqual({ key, level: level.level, score: level.score });
      }
    }
    await opened.done();
  });

  it('sorts by a level and filters by name, and a score opens that project’s page', async () => {
    const opened = await open('/planning-levels');
    const frame = await portfolioFrame(opened.page);
    const table = frame.getByRole('table', { name: /Each project’s score at each level/ });
    const rowKeys = async () => (await table.getByTestId('heat-map-projects').locator('tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')?.replace('project-row-', ''))));
    await table.getByRole('button', { name: /^Release/ }).click();
    const release = (key: string) => reports.get(key)!.levels[2]!.score;
    const ascending = [...reports.keys()].sort((a, b) => release(a) - release(b) || 0);
    expect((await rowKeys()).map((k) => release(k!))).toEqual(ascending.map(release));
    await expect(table.getByRole('columnheader', { name: /^Release/ }).getAttribute('aria-sort')).resolves.toBe('ascending');
    // The demo site's categories: Shop (ACME, MOB) and Platform (OPS).
    const category = frame.getByLabel('Project category');
    expect(await category.locator('option').allInnerTexts()).toEqual(['All categories', 'Platform', 'Shop']);
    await category.selectOption({ label: 'Shop' });
    expect((await rowKeys()).sort()).toEqual(['ACME', 'MOB']);
    await category.selectOption({ label: 'All categories' });
    const first = [...reports.values()][0]!;
    const needle = first.project.toLowerCase();
    await frame.getByLabel('Name or key').fill(needle);
    const matching = [...reports.values()].filter((r) => r.project.toLowerCase().includes(needle) || r.name.toLowerCase().includes(needle)).map((r) => r.project);
    expect((await rowKeys()).sort()).toEqual(matching.sort());
    // The address is the project page's as Jira gives it (the resolver's url); the preview redirects it to its page.
    const link = frame.getByTestId(`cell-${first.project}-1`).getByRole('link');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`/jira/software/projects/${first.project}/apps/[\\w-]+/[\\w-]+$`));
    await link.click();
    await opened.page.waitForURL(`**/projects/${first.project}/planning-levels`);
    await opened.done();
  });

  for (const width of [1440, 800] as const) {
    for (const colorMode of ['light', 'dark'] as const) {
      it(`fits ${width} px in the ${colorMode} theme, axe-clean`, async () => {
        const opened = await open('/planning-levels', { width, colorMode });
        const frame = await portfolioFrame(opened.page);
        await expect(colorModeOf(frame)).resolves.toBe(colorMode);
        await expectBackgroundOf(frame, colorMode);
        expect({ width, colorMode, page: await overflowsX(opened.page.mainFrame()), app: await overflowsX(frame) }).toEqual({ width, colorMode, page: null, app: null });
        expect([...(await axeViolations(frame, true)), ...(await axeViolations(opened.page.mainFrame()))]).toEqual([]);
        if (width === 1440) await opened.page.screenshot({ path: join(SCREENSHOTS, `global-page-${colorMode}.png`), fullPage: true });
        else if (colorMode === 'light') await opened.page.screenshot({ path: join(SCREENSHOTS, `global-page-${width}.png`), fullPage: true });
        await opened.done();
      });
    }
  }
});

describe('the dashboard gadget', () => {
  it('shows the portfolio’s median row and weakest level, and one project’s five levels; the edit mode changes the project', async () => {
    const [firstKey, secondKey] = session.preview.projects;
    const opened = await open('/dashboard');
    const portfolio = await gadgetFrame(opened.page, '10100');
    await portfolio.getByTestId('gadget-level-5').waitFor({ timeout: 90_000 });
    await expect(portfolio.getByTestId('gadget-heading').innerText()).resolves.toMatch(/^Portfolio median · \d+ of \d+ projects/);
    await expect(portfolio.getByText('Weakest level').count()).resolves.toBe(1);

    const project = await gadgetFrame(opened.page, '10101');
    const expected = reports.get(firstKey!)!;
    await project.getByTestId('gadget-level-5').waitFor({ timeout: 90_000 });
    for (const level of expected.levels) {
      await expect(project.getByTestId(`gadget-level-${level.level}`).getByTestId('score').innerText()).resolves.toBe(String(level.score));
    }
    await expect(project.getByTestId(`gadget-level-${expected.weakestLevel}`).innerText()).resolves.toContain('Weakest level');

    // Edit: choose another project and save; the gadget shows it, and keeps it after a reload.
    if (secondKey) {
      const section = opened.page.locator('section[data-gadget="10101"]');
      await section.getByRole('button', { name: 'Edit' }).click();
      const edit = await gadgetFrame(opened.page, '10101');
      await edit.getByRole('combobox', { name: 'Project' }).selectOption(secondKey);
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect(section.getByRole('button', { name: 'Edit' }).getAttribute('aria-pressed')).resolves.toBe('false');
      const second = reports.get(secondKey)!;
      const shown = await gadgetFrame(opened.page, '10101');
      await shown.getByText(second.name).first().waitFor();
      await expect(shown.getByTestId('gadget-level-3').getByTestId('score').innerText()).resolves.toBe(String(second.levels[2]!.score));
      await opened.page.reload();
      const reloaded = await gadgetFrame(opened.page, '10101');
      await reloaded.getByText(second.name).first().waitFor();
    }
    await opened.done();
  });

  for (const width of [1440, 800] as const) {
    for (const colorMode of ['light', 'dark'] as const) {
      it(`fits ${width} px in the ${colorMode} theme, axe-clean (view and edit mode)`, async () => {
        const opened = await open('/dashboard', { width, colorMode });
        const frames = [await gadgetFrame(opened.page, '10100'), await gadgetFrame(opened.page, '10101')];
        for (const frame of frames) await frame.getByTestId('gadget-level-5').waitFor({ timeout: 90_000 });
        for (const frame of frames) {
          expect({ width, colorMode, overflow: await overflowsX(frame) }).toEqual({ width, colorMode, overflow: null });
          expect(await axeViolations(frame, true)).toEqual([]);
        }
        expect({ width, colorMode, page: await overflowsX(opened.page.mainFrame()) }).toEqual({ width, colorMode, page: null });
        expect(await axeViolations(opened.page.mainFrame())).toEqual([]);
        if (width === 1440) await opened.page.screenshot({ path: join(SCREENSHOTS, `dashboard-gadget-${colorMode}.png`), fullPage: true });
        else if (colorMode === 'light') await opened.page.screenshot({ path: join(SCREENSHOTS, `dashboard-gadget-${width}.png`), fullPage: true });
        await opened.page.locator('section[data-gadget="10100"]').getByRole('button', { name: 'Edit' }).click();
        const edit = await gadgetFrame(opened.page, '10100');
        await edit.getByRole('button', { name: 'Save' }).waitFor();
        expect(await axeViolations(edit, true)).toEqual([]);
        expect({ width, colorMode, edit: await overflowsX(edit) }).toEqual({ width, colorMode, edit: null });
        await opened.done();
      });
    }
  }
});
