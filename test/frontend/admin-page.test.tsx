import { host, findAll, findByText, handler, ofType, textOf, waitFor, type ForgeDoc } from './forge-harness';
import ForgeReconciler from '@forge/react';
import type { ConfigStateDto } from '../../src/contract/resolvers';
import { AdminPage } from '../../src/frontend/admin-page/AdminPage';
import { describeDocument, documentToSave, validateValues, valuesFromConfig } from '../../src/frontend/admin-page/form-model';
import { CONFIG_FIELDS, DEFAULT_CONFIG } from '../../src/core/config';
import { configState, historyEntries } from './fixtures';

beforeEach(() => host.reset());

function field(name: string): ForgeDoc {
  const found = findAll(host.doc, (n) => (n.type === 'Textfield' || n.type === 'Select') && n.props.name === name);
  if (found.length !== 1) throw new Error(`expected one field ${name}, found ${found.length}`);
  return found[0]!;
}

function type(name: string, value: string): void {
  handler(field(name), 'onChange')({ target: { value } });
}

function errorMessages(): string[] {
  return findAll(host.doc, ofType('ErrorMessage')).map(textOf);
}

function submit(): void {
  handler(findAll(host.doc, ofType('Form'))[0], 'onSubmit')();
}

function sectionMessage(appearance: string): ForgeDoc | undefined {
  return findAll(host.doc, (n) => n.type === 'SectionMessage' && n.props.appearance === appearance)[0];
}

async function renderLoaded(state: ConfigStateDto = configState(DEFAULT_CONFIG, 2, { iteration: { lengthDays: 14 } })): Promise<void> {
  host.on('config/get', () => ({ ok: true, data: state }));
  host.on('config/history', () => ({ ok: true, data: { entries: historyEntries } }));
  ForgeReconciler.render(<AdminPage />);
  await waitFor(() => field('iteration.lengthDays'));
}

describe('admin page', () => {
  it('shows every number of the config with its label, unit, help and current value', async () => {
    const config = structuredClone(DEFAULT_CONFIG);
    config.iteration.lengthDays = 10;
    await renderLoaded(configState(config, 2, { iteration: { lengthDays: 10 } }));

    for (const spec of CONFIG_FIELDS) {
      const f = field(spec.key);
      expect(f).toBeDefined();
      const label = findAll(host.doc, ofType('Label')).find((l) => textOf(l).startsWith(spec.label));
      expect(label).toBeDefined();
      if (spec.unit !== 'hierarchy level') expect(textOf(label!)).toBe(`${spec.label} (${spec.unit})`);
      expect(label!.props.labelFor).toBe(f.props.id ?? f.props.inputId);
    }
    expect(field('iteration.lengthDays').props.value).toBe('10');
    expect((field('visionHierarchyLevel').props.value as { value: string }).value).toBe('2');
    const helps = findAll(host.doc, ofType('HelperMessage')).map(textOf);
    expect(helps).toContain('The planned length of a sprint. From 1 to 90 days; default 14.');
    expect(findAll(host.doc, (n) => n.type === 'Heading' && n.props.as === 'h2').map(textOf).slice(0, 5)).toEqual([
      'Level 1 · Product Vision',
      'Level 2 · Roadmap',
      'Level 3 · Release',
      'Level 4 · Iteration',
      'Level 5 · Daily',
    ]);
    expect(host.invocations('config/get')).toEqual([{ scope: { kind: 'site' } }]);
  });

  it('flags an invalid sprint length at once and does not save it', async () => {
    await renderLoaded();
    host.on('config/save', () => {
      throw new Error('config/save must not be called');
    });
    type('iteration.lengthDays', '0');
    await waitFor(() => expect(errorMessages()).toEqual(['Must be between 1 and 90 days (got 0).']));
    expect(field('iteration.lengthDays').props.isInvalid).toBe(true);

    submit();
    await waitFor(() => expect(sectionMessage('error')?.props.title).toBe('Nothing was saved'));
    expect(textOf(sectionMessage('error')!)).toContain('One setting needs fixing');
    expect(host.invocations('config/save')).toEqual([]);

    type('iteration.lengthDays', '');
    await waitFor(() => expect(errorMessages()).toEqual(['Enter a whole number of days from 1 to 90.']));
  });

  it('offers the release train spread under Release, validated and saved like every key', () => {
    const values = valuesFromConfig(DEFAULT_CONFIG);
    expect(values['release.maxTrainSpreadDays']).toBe('14');
    values['release.maxTrainSpreadDays'] = '400';
    expect(Object.keys(validateValues(values))).toEqual(['release.maxTrainSpreadDays']);
    values['release.maxTrainSpreadDays'] = '21';
    expect(validateValues(values)).toEqual({});
    expect(documentToSave(values, configState(DEFAULT_CONFIG, 1, {}))).toEqual({ release: { maxTrainSpreadDays: 21 } });
  });

  it('checks the release interval bounds against each other', () => {
    const values = valuesFromConfig(DEFAULT_CONFIG);
    values['release.minIntervalDays'] = '100';
    values['release.maxIntervalDays'] = '60';
    expect(validateValues(values)).toEqual({
      'release.minIntervalDays': 'Shortest release interval (100) must not exceed longest release interval (60).',
    });
  });

  it('saves the changed keys with the version it edited and shows the new version', async () => {
    await renderLoaded();
    const saved = configState({ ...DEFAULT_CONFIG, iteration: { ...DEFAULT_CONFIG.iteration, lengthDays: 10 } }, 3, { iteration: { lengthDays: 10 } });
    host.on('config/save', () => ({ ok: true, data: saved }));
    type('iteration.lengthDays', '10');
    await waitFor(() => expect(field('iteration.lengthDays').props.value).toBe('10'));
    submit();
    await waitFor(() => expect(sectionMessage('success')?.props.title).toBe('Settings saved'));
    expect(host.invocations('config/save')).toEqual([
      { scope: { kind: 'site' }, config: { iteration: { lengthDays: 10 } }, expectedVersion: 2 },
    ]);
    expect(textOf(sectionMessage('success')!)).toBe('The site settings are now version 3.');
    await waitFor(() => expect(host.invocations('config/history')).toHaveLength(2));
  });

  it('says someone else saved first on a conflict and offers a reload', async () => {
    await renderLoaded();
    host.on('config/save', () => ({ ok: false, error: { code: 'CONFLICT', message: 'The config is at version 3, not 2.' } }));
    type('daily.staleAfterBusinessDays', '3');
    submit();
    const warning = await waitFor(() => {
      const w = sectionMessage('warning');
      expect(w?.props.title).toBe('Someone else saved these settings first');
      return w!;
    });
    expect(textOf(warning)).toContain('Reload to see the latest settings');
    expect(host.invocations('config/get')).toHaveLength(1);

    handler(findByText(host.doc, 'Button', 'Reload the latest settings'), 'onClick')();
    await waitFor(() => expect(host.invocations('config/get')).toHaveLength(2));
    await waitFor(() => expect(field('daily.staleAfterBusinessDays').props.value).toBe('2'));
    expect(sectionMessage('warning')).toBeUndefined();
  });

  it('shows the server field errors next to the fields', async () => {
    await renderLoaded();
    host.on('config/save', () => ({
      ok: false,
      error: {
        code: 'INVALID_CONFIG',
        message: 'The config was rejected.',
        fieldErrors: [{ key: 'roadmap.staleAfterDays', message: 'roadmap.staleAfterDays must be shorter than the vision staleness' }],
      },
    }));
    type('roadmap.staleAfterDays', '400');
    submit();
    await waitFor(() => expect(errorMessages()).toEqual(['Must be shorter than the vision staleness']));
    expect(textOf(sectionMessage('error')!)).toContain('The config was rejected.');
  });

  it('resets to the defaults after a confirmation', async () => {
    await renderLoaded();
    host.on('config/reset', () => ({ ok: true, data: configState(DEFAULT_CONFIG, 3, {}) }));
    handler(findByText(host.doc, 'Button', 'Reset to defaults'), 'onClick')();
    await waitFor(() => expect(sectionMessage('warning')?.props.title).toBe('Reset every site setting to its default?'));
    expect(host.invocations('config/reset')).toEqual([]);
    handler(findByText(host.doc, 'LoadingButton', 'Reset to defaults'), 'onClick')();
    await waitFor(() => expect(sectionMessage('success')?.props.title).toBe('Settings reset to the defaults'));
    expect(host.invocations('config/reset')).toEqual([{ scope: { kind: 'site' }, expectedVersion: 2 }]);
  });

  it('lists the history with who and when, and restores an older version', async () => {
    await renderLoaded();
    const rows = await waitFor(() => {
      const found = findAll(host.doc, ofType('Row'));
      expect(found).toHaveLength(2);
      return found;
    });
    const cell = (row: ForgeDoc, key: string) => row.children.find((c) => c.type === 'Cell' && c.props.cellKey === key)!;
    expect(findAll(cell(rows[0]!, 'who'), ofType('User'))[0]!.props.accountId).toBe('5b10ac8d82e05b22cc7d4ef5');
    expect(textOf(cell(rows[1]!, 'who'))).toBe('Grace Hopper');
    expect(textOf(cell(rows[1]!, 'when'))).toMatch(/1 Feb 2026/);
    expect(textOf(cell(rows[0]!, 'settings'))).toBe('Sprint length 10 days');
    expect(textOf(cell(rows[0]!, 'restore'))).toBe('Current');
    expect(describeDocument({})).toBe('All defaults');

    host.on('config/restore', () => ({ ok: true, data: configState(DEFAULT_CONFIG, 3, historyEntries[1]!.config) }));
    handler(findByText(cell(rows[1]!, 'restore'), 'Button', 'Restore version 1'), 'onClick')();
    await waitFor(() => expect(sectionMessage('success')?.props.title).toBe('Version 1 restored'));
    expect(host.invocations('config/restore')).toEqual([{ scope: { kind: 'site' }, version: 1, expectedVersion: 2 }]);
  });

  it('edits a project override after checking the key', async () => {
    await renderLoaded();
    handler(findAll(host.doc, (n) => n.type === 'Textfield' && n.props.name === 'projectKey')[0], 'onChange')({ target: { value: 'not a key' } });
    handler(findByText(host.doc, 'Button', 'Edit project override'), 'onClick')();
    await waitFor(() => expect(errorMessages()).toContain('Enter a Jira project key, such as ACME.'));
    expect(host.invocations('config/get')).toHaveLength(1);

    handler(findAll(host.doc, (n) => n.type === 'Textfield' && n.props.name === 'projectKey')[0], 'onChange')({ target: { value: 'acme' } });
    handler(findByText(host.doc, 'Button', 'Edit project override'), 'onClick')();
    await waitFor(() => expect(host.invocations('config/get')).toEqual([{ scope: { kind: 'site' } }, { scope: { kind: 'project', projectKey: 'ACME' } }]));
    await waitFor(() => expect(textOf(host.doc)).toContain('Editing the override for project ACME'));
  });

  it('sends every key already stored plus the changed ones', () => {
    const state = configState(DEFAULT_CONFIG, 4, { release: { minIntervalDays: 56 } });
    const values = valuesFromConfig(DEFAULT_CONFIG);
    values['iteration.toleranceDays'] = '2';
    expect(documentToSave(values, state)).toEqual({ release: { minIntervalDays: 56 }, iteration: { toleranceDays: 2 } });
  });

  it('gives a member the settings read-only: a banner at the top, no enabled field or Save', async () => {
    host.on('config/get', () => ({ ok: true, data: { ...configState(DEFAULT_CONFIG, 2, { iteration: { lengthDays: 14 } }), canEdit: false } }));
    host.on('config/history', () => ({ ok: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can change or see the history of the planning levels config.' } }));
    ForgeReconciler.render(<AdminPage />);
    await waitFor(() => field('iteration.lengthDays'));
    const info = await waitFor(() => sectionMessage('information')!);
    expect(info.props.title).toBe('You can see these settings, but not change them');
    // The banner comes before the form.
    const order = findAll(host.doc, (n) => n === info || n.type === 'Form');
    expect(order[0]).toBe(info);
    for (const spec of CONFIG_FIELDS) {
      const f = field(spec.key);
      expect(f.props.isReadOnly === true || f.props.isDisabled === true).toBe(true);
    }
    const save = findByText(host.doc, 'LoadingButton', 'Save');
    expect(save!.props.isDisabled).toBe(true);
    expect(findByText(host.doc, 'Button', 'Reset to defaults')!.props.isDisabled).toBe(true);
    await waitFor(() => expect(textOf(host.doc)).toContain('Only Jira administrators can see the history of the settings.'));
    expect(sectionMessage('error')).toBeUndefined();
  });

  it('says which fields a project overrides and which it inherits, and removes an override', async () => {
    const project = { kind: 'project' as const, projectKey: 'ACME' };
    await renderLoaded({ ...configState(DEFAULT_CONFIG, 1, { iteration: { lengthDays: 10 } }), scope: project });
    const lozenge = (key: string) => {
      const label = findAll(host.doc, ofType('Label')).find((l) => l.props.labelFor === (field(key).props.id ?? field(key).props.inputId))!;
      const row = findAll(host.doc, (n) => n.type === 'Inline' && n.children.includes(label))[0]!;
      return textOf(findAll(row, ofType('Lozenge'))[0]!);
    };
    expect(lozenge('iteration.lengthDays')).toBe('Overridden for this project');
    expect(lozenge('iteration.toleranceDays')).toBe('Inherited from the site settings');

    host.on('config/reset', () => ({ ok: true, data: { ...configState(DEFAULT_CONFIG, 2, {}), scope: project } }));
    handler(findByText(host.doc, 'Button', 'Remove override'), 'onClick')();
    await waitFor(() => expect(sectionMessage('warning')?.props.title).toBe('Remove the override of project ACME?'));
    handler(findByText(host.doc, 'LoadingButton', 'Remove override'), 'onClick')();
    await waitFor(() => expect(sectionMessage('success')?.props.title).toBe('Override removed: the site settings apply'));
    expect(textOf(host.doc)).toContain('No override: the site settings apply (the override was removed in version 2).');
    expect(findByText(host.doc, 'Button', 'Remove override')!.props.isDisabled).toBe(true);
  });

  it('says "No override" for a project without one, and site fields say whether they are set or default', async () => {
    await renderLoaded({ ...configState(DEFAULT_CONFIG, 0, null), scope: { kind: 'project', projectKey: 'OPS' } });
    expect(textOf(host.doc)).toContain('No override: the site settings apply.');
    expect(textOf(host.doc)).not.toContain('Nothing saved yet');
  });

  it('offers the site’s issue types at each hierarchy level for the vision', async () => {
    await renderLoaded({ ...configState(DEFAULT_CONFIG, 0, null), hierarchyLevels: [{ level: 2, issueTypes: ['Initiative'] }, { level: 3, issueTypes: ['Objective', 'Theme'] }] });
    const select = field('visionHierarchyLevel');
    expect((select.props.options as { label: string }[]).map((o) => o.label)).toEqual(['2 · Initiative', '3 · Objective, Theme']);
  });

  it('after a failed save, focuses the error summary, whose button goes to the first field to fix', async () => {
    await renderLoaded();
    type('roadmap.staleAfterDays', '0');
    type('iteration.lengthDays', '0');
    submit();
    const summary = await waitFor(() => sectionMessage('error')!);
    expect(summary.props.title).toBe('Nothing was saved');
    const go = findByText(summary, 'Button', 'Go to “Epic stale after”');
    expect(go!.props.autoFocus).toBe(true);
    expect(field('roadmap.staleAfterDays').props.autoFocus).toBe(false);
    handler(go, 'onClick')();
    await waitFor(() => expect(field('roadmap.staleAfterDays').props.autoFocus).toBe(true));
    expect(field('iteration.lengthDays').props.autoFocus).toBe(false);
  });
});
