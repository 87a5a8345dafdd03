/**
 * config/* resolvers, run through the real handler definitions with a fake Jira (permissions
 * as the caller) and the in-memory key-value store behind the real versioned config store.
 */
import { DEFAULT_CONFIG } from '../../src/core/config';
import { HISTORY_LIMIT } from '../../src/storage/config-store';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { ADMIN, FakeSite, MEMBER, adminPageContext, harness, projectPageContext, type Harness, data, error } from './fakes';


const site = new FakeSite();

describe('config/save', () => {
  let admin: Harness;
  beforeEach(() => {
    admin = harness(site, ADMIN);
  });

  it('saves a valid document as version 1, recording who and when', async () => {
    const state = data(await admin.handlers['config/save']({ payload: { config: { iteration: { lengthDays: 10 } }, expectedVersion: 0 }, context: adminPageContext(ADMIN) }));
    expect(state.scope).toEqual({ kind: 'site' });
    expect(state.version).toBe(1);
    expect(state.stored).toEqual({ iteration: { lengthDays: 10 } });
    expect(state.config.iteration).toEqual({ ...DEFAULT_CONFIG.iteration, lengthDays: 10 });
    expect(state.savedBy).toBe('admin-1');
    expect(state.savedAt).toBe('2025-04-10T12:00:00.000Z');
    expect(state.defaults).toEqual(DEFAULT_CONFIG);
    expect(state.fields.map((f) => f.key)).toContain('iteration.lengthDays');
  });

  it('refuses a caller who is not a Jira administrator, and changes nothing', async () => {
    const kv = new MemoryKeyValueStore();
    const first = harness(site, ADMIN, { kv });
    data(await first.handlers['config/save']({ payload: { config: { vision: { staleAfterDays: 200 } }, expectedVersion: 0 }, context: adminPageContext(ADMIN) }));
    const before = kv.snapshot();

    const member = harness(site, MEMBER, { kv });
    const refused = error(await member.handlers['config/save']({ payload: { config: { vision: { staleAfterDays: 100 } }, expectedVersion: 1 }, context: adminPageContext(MEMBER) }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(kv.snapshot()).toEqual(before);
    // Asked of Jira as the caller, before anything else.
    expect(member.jira.calls).toEqual(['myPermissions']);
    expect(member.errors.some((e) => e.includes('[config/save] FORBIDDEN'))).toBe(true);
  });

  it('refuses a non-administrator before reading the payload (no validation hints)', async () => {
    const member = harness(site, MEMBER);
    const refused = error(await member.handlers['config/save']({ payload: { nonsense: true }, context: adminPageContext(MEMBER) }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.fieldErrors).toBeUndefined();
  });

  it('refuses reset, history and restore to non-administrators too', async () => {
    const kv = new MemoryKeyValueStore();
    data(await harness(site, ADMIN, { kv }).handlers['config/save']({ payload: { config: {}, expectedVersion: 0 }, context: adminPageContext(ADMIN) }));
    const before = kv.snapshot();
    const member = harness(site, MEMBER, { kv });
    const ctx = adminPageContext(MEMBER);
    expect(error(await member.handlers['config/reset']({ payload: { expectedVersion: 1 }, context: ctx })).code).toBe('FORBIDDEN');
    expect(error(await member.handlers['config/history']({ payload: {}, context: ctx })).code).toBe('FORBIDDEN');
    expect(error(await member.handlers['config/restore']({ payload: { version: 1, expectedVersion: 1 }, context: ctx })).code).toBe('FORBIDDEN');
    expect(kv.snapshot()).toEqual(before);
  });

  it('answers CONFLICT to a save based on an older version, and keeps the newer one', async () => {
    const ctx = adminPageContext(ADMIN);
    data(await admin.handlers['config/save']({ payload: { config: { roadmap: { staleAfterDays: 80 } }, expectedVersion: 0 }, context: ctx }));
    data(await admin.handlers['config/save']({ payload: { config: { roadmap: { staleAfterDays: 70 } }, expectedVersion: 1 }, context: ctx }));
    const before = admin.kv.snapshot();
    const stale = error(await admin.handlers['config/save']({ payload: { config: { roadmap: { staleAfterDays: 60 } }, expectedVersion: 1 }, context: ctx }));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/version 1.*latest is 2/);
    expect(admin.kv.snapshot()).toEqual(before);
    expect(data(await admin.handlers['config/get']({ payload: {}, context: ctx })).stored).toEqual({ roadmap: { staleAfterDays: 70 } });
  });

  it('lets exactly one of two simultaneous saves of the same version win', async () => {
    const ctx = adminPageContext(ADMIN);
    const [a, b] = await Promise.all([
      admin.handlers['config/save']({ payload: { config: { daily: { staleAfterBusinessDays: 3 } }, expectedVersion: 0 }, context: ctx }),
      admin.handlers['config/save']({ payload: { config: { daily: { staleAfterBusinessDays: 4 } }, expectedVersion: 0 }, context: ctx }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const loser = a.ok ? b : a;
    expect(error(loser).code).toBe('CONFLICT');
    expect(data(await admin.handlers['config/history']({ payload: {}, context: ctx })).entries).toHaveLength(1);
  });

  it('rejects an invalid document with fieldErrors naming each key, and changes nothing', async () => {
    const ctx = adminPageContext(ADMIN);
    data(await admin.handlers['config/save']({ payload: { config: { iteration: { lengthDays: 10 } }, expectedVersion: 0 }, context: ctx }));
    const before = admin.kv.snapshot();
    const rejected = error(
      await admin.handlers['config/save']({
        payload: { config: { iteration: { lengthDays: 0 }, release: { maxIntervalDays: 'soon' }, cadence: 3 }, expectedVersion: 1 },
        context: ctx,
      }),
    );
    expect(rejected.code).toBe('INVALID_CONFIG');
    expect(rejected.fieldErrors?.map((e) => e.key).sort()).toEqual(['cadence', 'iteration.lengthDays', 'release.maxIntervalDays']);
    expect(rejected.fieldErrors?.find((e) => e.key === 'iteration.lengthDays')?.message).toMatch(/between 1 and 90/);
    expect(admin.kv.snapshot()).toEqual(before);
  });

  it('rejects a project document that clashes with the site document', async () => {
    data(await admin.handlers['config/save']({ payload: { config: { release: { maxIntervalDays: 60 } }, expectedVersion: 0 }, context: adminPageContext(ADMIN) }));
    const before = admin.kv.snapshot();
    const rejected = error(
      await admin.handlers['config/save']({
        payload: { scope: { kind: 'project', projectKey: 'ACME' }, config: { release: { minIntervalDays: 70 } }, expectedVersion: 0 },
        context: adminPageContext(ADMIN),
      }),
    );
    expect(rejected.code).toBe('INVALID_CONFIG');
    expect(rejected.fieldErrors?.[0]?.key).toBe('release.minIntervalDays');
    expect(admin.kv.snapshot()).toEqual(before);
  });

  it('needs a signed-in user', async () => {
    const response = await admin.handlers['config/save']({ payload: { config: {}, expectedVersion: 0 }, context: { extension: { type: 'jira:adminPage' } } });
    expect(error(response).code).toBe('MISSING_CONTEXT');
    expect(admin.kv.snapshot().size).toBe(0);
  });
});

describe('config payload validation', () => {
  const admin = harness(site, ADMIN);
  const ctx = adminPageContext(ADMIN);

  it.each([
    ['a negative expected version', { config: {}, expectedVersion: -1 }, 'expectedVersion'],
    ['a missing expected version', { config: {} }, 'expectedVersion'],
    ['a config that is not an object', { config: [1, 2], expectedVersion: 0 }, 'config'],
    ['a project key that is not a key', { scope: { kind: 'project', projectKey: 'acme" OR 1=1' }, config: {}, expectedVersion: 0 }, 'scope.projectKey'],
    ['an unknown scope kind', { scope: { kind: 'global' }, config: {}, expectedVersion: 0 }, 'scope.kind'],
  ])('answers INVALID_PAYLOAD to %s, naming the key', async (_name, payload, key) => {
    const rejected = error(await admin.handlers['config/save']({ payload, context: ctx }));
    expect(rejected.code).toBe('INVALID_PAYLOAD');
    expect(rejected.fieldErrors?.map((e) => e.key)).toContain(key);
    expect(admin.kv.snapshot().size).toBe(0);
  });

  it('rejects keys the contract does not know (strict payloads)', async () => {
    const rejected = error(await admin.handlers['config/get']({ payload: { projectKey: 'ACME' }, context: ctx }));
    expect(rejected.code).toBe('INVALID_PAYLOAD');
  });
});

describe('config/get', () => {
  it('answers the defaults and version 0 when nothing was saved', async () => {
    const state = data(await harness(site, MEMBER).handlers['config/get']({ payload: {}, context: adminPageContext(MEMBER) }));
    expect(state).toMatchObject({ scope: { kind: 'site' }, stored: null, version: 0, config: DEFAULT_CONFIG });
    expect(state.savedBy).toBeUndefined();
  });

  it('layers defaults ← site ← project for the project in view', async () => {
    const kv = new MemoryKeyValueStore();
    const admin = harness(site, ADMIN, { kv });
    data(await admin.handlers['config/save']({ payload: { config: { iteration: { lengthDays: 10 } }, expectedVersion: 0 }, context: adminPageContext(ADMIN) }));
    data(
      await admin.handlers['config/save']({
        payload: { scope: { kind: 'project', projectKey: 'ACME' }, config: { iteration: { toleranceDays: 2 } }, expectedVersion: 0 },
        context: adminPageContext(ADMIN),
      }),
    );
    const member = harness(site, MEMBER, { kv });
    const state = data(await member.handlers['config/get']({ payload: {}, context: projectPageContext(MEMBER) }));
    expect(state.scope).toEqual({ kind: 'project', projectKey: 'ACME' });
    expect(state.stored).toEqual({ iteration: { toleranceDays: 2 } });
    expect(state.config.iteration).toEqual({ ...DEFAULT_CONFIG.iteration, lengthDays: 10, toleranceDays: 2 });
  });

  it('shows who saved last to administrators only', async () => {
    const kv = new MemoryKeyValueStore();
    const admin = harness(site, ADMIN, { kv });
    data(await admin.handlers['config/save']({ payload: { config: { iteration: { lengthDays: 10 } }, expectedVersion: 0 }, context: adminPageContext(ADMIN) }));
    expect(data(await admin.handlers['config/get']({ payload: {}, context: adminPageContext(ADMIN) })).savedBy).toBe(ADMIN.accountId);
    const member = harness(site, MEMBER, { kv });
    for (const context of [adminPageContext(MEMBER), projectPageContext(MEMBER)]) {
      const state = data(await member.handlers['config/get']({ payload: { scope: { kind: 'site' } }, context }));
      expect(state.version).toBe(1);
      expect(state.savedBy).toBeUndefined();
      expect(JSON.stringify(state)).not.toContain(ADMIN.accountId);
    }
  });

  it('refuses a project the caller may not browse', async () => {
    const member = harness(site, MEMBER);
    const refused = error(await member.handlers['config/get']({ payload: { scope: { kind: 'project', projectKey: 'OTHER' } }, context: adminPageContext(MEMBER) }));
    expect(refused.code).toBe('FORBIDDEN');
  });
});

describe('config/reset, config/history, config/restore', () => {
  it('reset stores an empty document as a new version, so the defaults apply again', async () => {
    const admin = harness(site, ADMIN);
    const ctx = adminPageContext(ADMIN);
    data(await admin.handlers['config/save']({ payload: { config: { iteration: { lengthDays: 7 } }, expectedVersion: 0 }, context: ctx }));
    const state = data(await admin.handlers['config/reset']({ payload: { expectedVersion: 1 }, context: ctx }));
    expect(state).toMatchObject({ version: 2, stored: {}, config: DEFAULT_CONFIG });
    expect(error(await admin.handlers['config/reset']({ payload: { expectedVersion: 1 }, context: ctx })).code).toBe('CONFLICT');
  });

  it(`keeps the last ${HISTORY_LIMIT} versions, newest first, with who and when`, async () => {
    const admin = harness(site, ADMIN);
    const ctx = adminPageContext(ADMIN);
    for (let v = 1; v <= HISTORY_LIMIT + 5; v++) {
      admin.clock.now = new Date(Date.UTC(2025, 3, v));
      data(await admin.handlers['config/save']({ payload: { config: { roadmap: { staleAfterDays: 50 + v } }, expectedVersion: v - 1 }, context: ctx }));
    }
    const { entries } = data(await admin.handlers['config/history']({ payload: {}, context: ctx }));
    expect(entries).toHaveLength(HISTORY_LIMIT);
    expect(entries.map((e) => e.version)).toEqual(Array.from({ length: HISTORY_LIMIT }, (_, i) => HISTORY_LIMIT + 5 - i));
    expect(entries[0]).toEqual({
      version: 25,
      action: 'save',
      config: { roadmap: { staleAfterDays: 75 } },
      savedBy: 'admin-1',
      savedAt: '2025-04-25T00:00:00.000Z',
    });
    // Pruned versions are gone from storage too.
    expect([...admin.kv.snapshot().keys()].filter((k) => k.startsWith('cfg:site:v:'))).toHaveLength(HISTORY_LIMIT);
  });

  it('restores a kept version as a new version, and refuses one that was pruned', async () => {
    const admin = harness(site, ADMIN);
    const ctx = adminPageContext(ADMIN);
    for (let v = 1; v <= 22; v++) {
      data(await admin.handlers['config/save']({ payload: { config: { roadmap: { staleAfterDays: 50 + v } }, expectedVersion: v - 1 }, context: ctx }));
    }
    const restored = data(await admin.handlers['config/restore']({ payload: { version: 5, expectedVersion: 22 }, context: ctx }));
    expect(restored).toMatchObject({ version: 23, stored: { roadmap: { staleAfterDays: 55 } } });
    expect(restored.config.roadmap.staleAfterDays).toBe(55);
    const { entries } = data(await admin.handlers['config/history']({ payload: {}, context: ctx }));
    expect(entries[0]).toMatchObject({ version: 23, action: 'restore', restoredFrom: 5 });

    const before = admin.kv.snapshot();
    const pruned = error(await admin.handlers['config/restore']({ payload: { version: 2, expectedVersion: 23 }, context: ctx }));
    expect(pruned.code).toBe('NOT_FOUND');
    const stale = error(await admin.handlers['config/restore']({ payload: { version: 10, expectedVersion: 22 }, context: ctx }));
    expect(stale.code).toBe('CONFLICT');
    expect(admin.kv.snapshot()).toEqual(before);
  });

  it('keeps the site and each project apart', async () => {
    const admin = harness(site, ADMIN);
    const ctx = adminPageContext(ADMIN);
    data(await admin.handlers['config/save']({ payload: { config: { vision: { staleAfterDays: 300 } }, expectedVersion: 0 }, context: ctx }));
    const project = data(
      await admin.handlers['config/save']({ payload: { scope: { kind: 'project', projectKey: 'ACME' }, config: {}, expectedVersion: 0 }, context: ctx }),
    );
    expect(project.version).toBe(1);
    expect(project.config.vision.staleAfterDays).toBe(300);
    const projectHistory = data(await admin.handlers['config/history']({ payload: { scope: { kind: 'project', projectKey: 'ACME' } }, context: ctx }));
    expect(projectHistory.entries.map((e) => e.config)).toEqual([{}]);
  });
});
