import { settingsOf } from '../../src/resolvers/settings-source';
import { memoryConfigStore } from '../../src/storage/config-store';

describe('which settings apply to a project', () => {
  it('says the defaults (site version 0) when nothing was saved', async () => {
    const store = memoryConfigStore();
    expect(await settingsOf(store, 'ACME', false)).toEqual({
      settings: { source: 'site', siteVersion: 0, projectVersion: 0, canConfigure: false },
      settingsChanges: [],
    });
  });

  it('names the site version, or the project override over it, and lists the days they changed', async () => {
    const store = memoryConfigStore();
    const site = { kind: 'site' } as const;
    const acme = { kind: 'project', projectKey: 'ACME' } as const;
    await store.write(site, 0, { action: 'save', config: { iteration: { lengthDays: 10 } }, savedBy: 'a', savedAt: '2026-11-02T09:00:00.000Z' });
    await store.write(site, 1, { action: 'save', config: { iteration: { lengthDays: 14 } }, savedBy: 'a', savedAt: '2026-11-09T09:00:00.000Z' });
    expect((await settingsOf(store, 'ACME', true)).settings).toEqual({ source: 'site', siteVersion: 2, projectVersion: 0, canConfigure: true });

    await store.write(acme, 0, { action: 'save', config: { iteration: { lengthDays: 7 } }, savedBy: 'a', savedAt: '2026-11-05T09:00:00.000Z' });
    const withOverride = await settingsOf(store, 'ACME', true);
    expect(withOverride.settings).toEqual({ source: 'project', siteVersion: 2, projectVersion: 1, canConfigure: true });
    expect(withOverride.settingsChanges).toEqual([
      { date: '2026-11-02', scope: 'site', version: 1, action: 'save' },
      { date: '2026-11-05', scope: 'project', version: 1, action: 'save' },
      { date: '2026-11-09', scope: 'site', version: 2, action: 'save' },
    ]);

    // A removed override (reset to an empty document) leaves the site settings in charge.
    await store.write(acme, 1, { action: 'reset', config: {}, savedBy: 'a', savedAt: '2026-11-10T09:00:00.000Z' });
    expect((await settingsOf(store, 'ACME', false)).settings).toEqual({ source: 'site', siteVersion: 2, projectVersion: 2, canConfigure: false });
    // Another project's override is not this project's.
    expect((await settingsOf(store, 'OPS', false)).settingsChanges.map((c) => c.scope)).toEqual(['site', 'site']);
  });
});
