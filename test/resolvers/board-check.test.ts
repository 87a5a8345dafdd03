/**
 * The board check against the emulator, as a viewer whose board 57 is not shared with them:
 * one GET /rest/agile/1.0/board/{id} per board (404 for a board the viewer may not view, as
 * Jira answers), bounded, failing closed past the bound.
 */
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { createJiraClient } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import { visibleBoards } from '../../src/resolvers/jira-viewer';

const DEMO = join(__dirname, '..', '..', 'dev', 'demo-site', 'snapshot');
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ snapshotDir: DEMO, users: { 'morgan@example.com': { hiddenBoards: [57] } } });
});
afterAll(() => emulator.close());

const clientOf = (email: string) => createJiraClient(createNodeTransport({ baseUrl: emulator.url, email, apiToken: 't' }));

test('a board the viewer may not view is hidden; the others are visible; an unknown one is hidden', async () => {
  emulator.resetCounters();
  expect([...(await visibleBoards(clientOf('morgan@example.com'), [42, 57, 57, 999999]))]).toEqual([42]);
  expect(emulator.counters.byOperation.board).toBe(3);
  expect([...(await visibleBoards(clientOf('alex@example.com'), [42, 57]))].sort()).toEqual([42, 57]);
});

test('the emulator leaves a hidden board out of the project board list and refuses its sprints', async () => {
  const boards = await clientOf('morgan@example.com').boards('ACME');
  expect(boards.map((b) => b.id)).toEqual([42]);
  await expect(clientOf('morgan@example.com').sprints(57)).rejects.toThrow(/404/);
});

test('past its bound the check asks no more and counts the rest as hidden, with a log line', async () => {
  emulator.resetCounters();
  const logs: string[] = [];
  const visible = await visibleBoards(clientOf('alex@example.com'), [42, 57, 71], (m) => logs.push(m), 2);
  expect(emulator.counters.byOperation.board).toBe(2);
  expect([...visible].sort()).toEqual([42, 57]);
  expect(logs.join('\n')).toMatch(/1 boards left unconfirmed/);
});
