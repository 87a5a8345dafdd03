/**
 * The pieces of incremental rescans: the plan (full, incremental, reconcile, sprint pass), the
 * event record (bounded, cleared by what a run took), the event parser (a move touches two
 * projects), the open-sprint merge, the key order, and the issue base written so that a write
 * failing midway leaves the previous base readable.
 */
import type { IssueRecord, SprintRecord } from '../../src/core/model';
import { changedSinceJql, UPDATE_OVERLAP_MS } from '../../src/jira/scan';
import {
  applyIssueChanges,
  bucketOfIssue,
  clearTaken,
  compareIssueKeys,
  DEFAULT_RESCAN_POLICY,
  ISSUE_BASE_SCHEMA,
  MAX_PENDING_EVENTS,
  mergeOpenSprints,
  NO_EVENTS,
  planRescan,
  recordEvent,
  toBuckets,
  unheldIds,
  type IssueBaseHead,
} from '../../src/scan-state/incremental';
import { changesOfIssueEvent } from '../../src/scan-state/issue-events';
import { InjectedWriteFailure, MemoryKeyValueStore } from '../../src/storage/key-value';
import { KvScanStateStore } from '../../src/storage/scan-state-store';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-30T10:00:00Z');

function head(over: Partial<IssueBaseHead> = {}): IssueBaseHead {
  return {
    schema: ISSUE_BASE_SCHEMA,
    projectKey: 'ACME',
    scanStartedAt: T0,
    fullScanAt: T0,
    reconciledAt: T0,
    sprintPassAt: T0,
    rescansSinceSprintPass: 0,
    issueCount: 0,
    bucketWriters: ['run1'],
    sprintFieldId: 'customfield_10020',
    boards: [],
    ...over,
  };
}

function issue(n: number, over: Partial<IssueRecord> = {}): IssueRecord {
  return {
    id: String(10000 + n),
    key: `ACME-${n}`,
    summary: `Issue ${n}`,
    issueTypeName: 'Story',
    hierarchyLevel: 0,
    statusName: 'To Do',
    statusCategory: 'new',
    updated: '2026-11-29T10:00:00.000+0000',
    dueDate: null,
    fixVersionIds: [],
    sprints: [],
    parent: null,
    ...over,
  };
}

function sprint(id: number, state: SprintRecord['state'], name = `Sprint ${id}0`): SprintRecord {
  return { id, name, state, boardId: 7, startDate: null, endDate: null, completeDate: null };
}

describe('the plan of a run', () => {
  test('no base, or a week since the last full scan: a full scan', () => {
    expect(planRescan(null, NO_EVENTS, 'issue-events', T0).incremental).toBeUndefined();
    expect(planRescan(head(), NO_EVENTS, 'issue-events', T0 + 7 * DAY).incremental).toBeUndefined();
  });

  test('otherwise incremental from the base scan start; the daily refresh and overflowing events reconcile', () => {
    const events = recordEvent(recordEvent(NO_EVENTS, { issueId: '10001', gone: false }), { issueId: '10002', gone: true });
    const plan = planRescan(head(), events, 'issue-events', T0 + 3600_000);
    expect(plan).toEqual({
      incremental: { baseStartedAt: T0, reconcile: false, sprintPass: false, reconcileIssues: [10001], gone: ['10002'] },
      eventSeq: 2,
    });
    expect(planRescan(head(), events, 'scheduled', T0 + 3600_000).incremental?.reconcile).toBe(true);
    expect(planRescan(head(), { ...events, overflowSeq: 1 }, 'manual', T0 + 3600_000).incremental?.reconcile).toBe(true);
    expect(planRescan(head(), events, 'manual', T0 + DAY).incremental?.reconcile).toBe(true);
  });

  test('every board in full after a week or the 20th rescan', () => {
    expect(planRescan(head({ rescansSinceSprintPass: 18 }), NO_EVENTS, 'manual', T0 + 1).incremental?.sprintPass).toBe(false);
    expect(planRescan(head({ rescansSinceSprintPass: 19 }), NO_EVENTS, 'manual', T0 + 1).incremental?.sprintPass).toBe(true);
    expect(planRescan(head({ fullScanAt: T0 + 2 * DAY, sprintPassAt: T0 }), NO_EVENTS, 'manual', T0 + 7 * DAY).incremental?.sprintPass).toBe(true);
    expect(DEFAULT_RESCAN_POLICY.sprintPassEveryRescans).toBe(20);
  });

  test('reconcileIssues takes the latest 50 changed ids', () => {
    let events = NO_EVENTS;
    for (let i = 1; i <= 80; i++) events = recordEvent(events, { issueId: String(i), gone: false });
    const ids = planRescan(head(), events, 'issue-events', T0 + 1).incremental!.reconcileIssues;
    expect(ids).toHaveLength(50);
    expect(ids[0]).toBe(31);
    expect(ids[49]).toBe(80);
  });
});

describe('the JQL of changed issues', () => {
  test('epoch milliseconds of the base scan start less the overlap, unquoted', () => {
    const { jql, since } = changedSinceJql('ACME', T0);
    expect(since).toBe(T0 - UPDATE_OVERLAP_MS);
    expect(jql).toBe(`project = "ACME" AND updated >= ${T0 - 15 * 60_000} ORDER BY key ASC`);
    expect(() => changedSinceJql('acme"; x', T0)).toThrow();
  });
});

describe('the events kept for a project', () => {
  test('an issue named twice is kept once, as its latest event says', () => {
    let events = recordEvent(NO_EVENTS, { issueId: '1', gone: false });
    events = recordEvent(events, { issueId: '1', gone: true });
    expect(events.touched).toEqual([]);
    expect(events.gone).toEqual([{ id: '1', seq: 2 }]);
  });

  test('past the bound the oldest go and a reconciliation is forced', () => {
    let events = NO_EVENTS;
    for (let i = 1; i <= MAX_PENDING_EVENTS + 3; i++) events = recordEvent(events, { issueId: String(i), gone: false });
    expect(events.touched).toHaveLength(MAX_PENDING_EVENTS);
    expect(events.touched[0]!.id).toBe('4');
    expect(events.overflowSeq).toBe(MAX_PENDING_EVENTS + 3);
  });

  test('a finished run clears only the events it took', () => {
    let events = recordEvent(recordEvent(NO_EVENTS, { issueId: '1', gone: false }), { issueId: '2', gone: true });
    const taken = events.seq;
    events = recordEvent(events, { issueId: '3', gone: false });
    expect(clearTaken(events, taken)).toEqual({ seq: 3, touched: [{ id: '3', seq: 3 }], gone: [], overflowSeq: null });
  });
});

describe('issue events', () => {
  test('a delete names the issue gone; an update changed', () => {
    expect(changesOfIssueEvent({ eventType: 'avi:jira:deleted:issue', issue: { id: '10001', key: 'ACME-1', fields: { project: { key: 'ACME' } } } })).toEqual([
      { projectKey: 'ACME', change: { issueId: '10001', gone: true } },
    ]);
    expect(changesOfIssueEvent({ eventType: 'avi:jira:updated:issue', issue: { id: 10001, key: 'ACME-1' } })).toEqual([{ projectKey: 'ACME', change: { issueId: '10001', gone: false } }]);
  });

  test('a move is gone from the old project and changed in the new one', () => {
    const moved = { eventType: 'avi:jira:updated:issue', issue: { id: '10001', key: 'OPS-7', fields: { project: { key: 'OPS' } } }, changelog: { items: [{ field: 'Key', fromString: 'ACME-1', toString: 'OPS-7' }] } };
    expect(changesOfIssueEvent(moved)).toEqual([
      { projectKey: 'OPS', change: { issueId: '10001', gone: false } },
      { projectKey: 'ACME', change: { issueId: '10001', gone: true } },
    ]);
  });

  test('no project: nothing; no id: the project only', () => {
    expect(changesOfIssueEvent({ issue: {} })).toEqual([]);
    expect(changesOfIssueEvent('nonsense')).toEqual([]);
    expect(changesOfIssueEvent({ issue: { key: 'ACME-3' } })).toEqual([{ projectKey: 'ACME', change: null }]);
  });
});

describe('merging what a rescan read', () => {
  test('open sprints replace and join the stored list; a stored open sprint missing asks for the whole list', () => {
    const stored = [sprint(1, 'closed'), sprint(2, 'active'), sprint(3, 'future')];
    expect(mergeOpenSprints(stored, [sprint(2, 'active', 'Renamed'), sprint(3, 'future'), sprint(4, 'future')])).toEqual([
      sprint(1, 'closed'),
      sprint(2, 'active', 'Renamed'),
      sprint(3, 'future'),
      sprint(4, 'future'),
    ]);
    expect(mergeOpenSprints(stored, [sprint(3, 'active')])).toBeNull();
  });

  test('gone out, changed in, reconciled ids only, parents and sprints refreshed, in key order', () => {
    const epic = issue(1, { issueTypeName: 'Epic', hierarchyLevel: 1 });
    const child = issue(2, { parent: { key: 'ACME-1', summary: 'Issue 1', issueTypeName: 'Epic', hierarchyLevel: 1, statusName: 'To Do', statusCategory: 'new' }, sprints: [{ id: 5, name: 'Old', state: 'active', boardId: 7 }] });
    const base = new Map([epic, child, issue(3), issue(10)].map((i) => [i.id, i]));
    const out = applyIssueChanges(base, {
      changed: [{ ...epic, summary: 'Renamed epic', statusName: 'Done', statusCategory: 'done' }, issue(9)],
      gone: ['10003'],
      liveIds: new Set(['10001', '10002', '10009']),
      sprints: [sprint(5, 'closed', 'New name')],
    });
    expect(out.map((i) => i.key)).toEqual(['ACME-1', 'ACME-2', 'ACME-9']);
    expect(out[1]!.parent).toMatchObject({ summary: 'Renamed epic', statusName: 'Done', statusCategory: 'done' });
    expect(out[1]!.sprints).toEqual([{ id: 5, name: 'New name', state: 'closed', boardId: 7 }]);
  });

  test('listed ids the rescan holds no issue for, but those events said were gone, in id order', () => {
    const held = [issue(1), issue(2), issue(3)];
    expect(unheldIds(new Set(['10011', '10002', '10009', '10001', '10004']), held, ['10004'])).toEqual(['10009', '10011']);
    expect(unheldIds(new Set(['10001']), held, [])).toEqual([]);
  });

  test('keys sort by number within a project; buckets by id are stable', () => {
    expect(['ACME-10', 'ACME-9', 'ACME-100'].sort(compareIssueKeys)).toEqual(['ACME-9', 'ACME-10', 'ACME-100']);
    expect(bucketOfIssue('10001', 7)).toBe(bucketOfIssue('10001', 7));
    const buckets = toBuckets(Array.from({ length: 2000 }, (_, i) => issue(i + 1)), 5);
    expect(buckets.map((b) => b.length).every((n) => n > 300 && n < 500)).toBe(true);
  });
});

describe('the issue base in storage', () => {
  test('a write failing before the head leaves the previous base readable; the retry switches', async () => {
    const kv = new MemoryKeyValueStore();
    const logs: string[] = [];
    const states = new KvScanStateStore(kv, (m) => logs.push(m));
    const first = head({ issueCount: 4, bucketWriters: ['run1', 'run1'] });
    const cut = toBuckets([issue(1), issue(2), issue(3), issue(4)], 2);
    await states.putBase(first, new Map(cut.map((b, i) => [i, b])), null);
    expect((await states.getBaseBuckets((await states.getBaseHead('ACME'))!)).flat().length).toBe(4);

    const second = { ...first, scanStartedAt: T0 + 1000, bucketWriters: ['run2', 'run2'] };
    const changed = toBuckets([issue(1, { summary: 'Changed' }), issue(2), issue(3), issue(4)], 2);
    kv.failWrites = (key) => key.startsWith('scan:ACME:base');
    await expect(states.putBase(second, new Map(changed.map((b, i) => [i, b])), first)).rejects.toThrow(InjectedWriteFailure);
    const still = (await states.getBaseHead('ACME'))!;
    expect(still.scanStartedAt).toBe(T0);
    expect((await states.getBaseBuckets(still)).flat().find((i) => i.key === 'ACME-1')!.summary).toBe('Issue 1');

    kv.failWrites = undefined;
    await states.putBase(second, new Map(changed.map((b, i) => [i, b])), first);
    const now = (await states.getBaseHead('ACME'))!;
    expect(now.scanStartedAt).toBe(T0 + 1000);
    expect((await states.getBaseBuckets(now)).flat().find((i) => i.key === 'ACME-1')!.summary).toBe('Changed');
    // The replaced copies are gone: only the new head's buckets remain.
    expect([...kv.snapshot().keys()].filter((k) => k.startsWith('scan:ACME:ib:'))).toEqual(['scan:ACME:ib:run2:0000', 'scan:ACME:ib:run2:0001']);
    expect(logs).toEqual([]);
  });

  test('a head of another shape reads as none (the next scan is a full one), with a log', async () => {
    const kv = new MemoryKeyValueStore();
    const logs: string[] = [];
    const states = new KvScanStateStore(kv, (m) => logs.push(m));
    await kv.set('scan:ACME:base', { inline: { schema: 99 } });
    expect(await states.getBaseHead('ACME')).toBeNull();
    expect(logs.join()).toMatch(/not an issue base of ACME/);
  });
});
