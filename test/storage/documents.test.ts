/**
 * Documents over the key-value store: a write that fails anywhere leaves the previous version
 * readable, an unreadable document is logged and read as missing, and the next write works.
 */
import { getDocument, putDocument, PART_LIMIT_BYTES } from '../../src/storage/documents';
import { InjectedWriteFailure, MemoryKeyValueStore } from '../../src/storage/key-value';

const big = (tag: string) => ({ tag, rows: Array.from({ length: 3000 }, (_, i) => `${tag}-row-${i}-${'x'.repeat(100)}`) });

describe('putDocument / getDocument', () => {
  it('cuts a large document into parts under the KVS value limit', async () => {
    const kv = new MemoryKeyValueStore();
    await putDocument(kv, 'hist:ACME', big('v1'), () => undefined);
    expect(JSON.stringify(big('v1')).length).toBeGreaterThan(PART_LIMIT_BYTES);
    expect(kv.size('hist:ACME#').keys).toBeGreaterThan(1);
    expect(await getDocument(kv, 'hist:ACME', () => undefined)).toEqual(big('v1'));
  });

  it.each([1, 2, 3])('a rewrite failing at its write no. %i leaves the old version readable; the next write succeeds', async (failAt) => {
    const kv = new MemoryKeyValueStore();
    const log: string[] = [];
    await putDocument(kv, 'hist:ACME', big('v1'), (m) => log.push(m));
    let writes = 0;
    kv.failWrites = () => ++writes === failAt;
    await expect(putDocument(kv, 'hist:ACME', big('v2'), (m) => log.push(m))).rejects.toBeInstanceOf(InjectedWriteFailure);
    kv.failWrites = undefined;
    expect(await getDocument(kv, 'hist:ACME', (m) => log.push(m))).toEqual(big('v1'));
    await putDocument(kv, 'hist:ACME', big('v3'), (m) => log.push(m));
    expect(await getDocument(kv, 'hist:ACME', (m) => log.push(m))).toEqual(big('v3'));
    expect(log).toEqual([]);
  });

  it('two versions written the same day never share parts (each write has a fresh generation)', async () => {
    const kv = new MemoryKeyValueStore();
    await putDocument(kv, 'hist:ACME', big('v1'), () => undefined);
    const before = [...kv.snapshot().keys()];
    await putDocument(kv, 'hist:ACME', big('v2'), () => undefined);
    const after = [...kv.snapshot().keys()].filter((k) => k.includes('#'));
    expect(after.some((k) => before.includes(k))).toBe(false);
    expect(await getDocument(kv, 'hist:ACME', () => undefined)).toEqual(big('v2'));
  });

  it('a document with a part missing is logged and read as missing, and does not block the next write', async () => {
    const kv = new MemoryKeyValueStore();
    await putDocument(kv, 'hist:ACME', big('v1'), () => undefined);
    const part = [...kv.snapshot().keys()].find((k) => k.startsWith('hist:ACME#'))!;
    await kv.delete(part);
    const log: string[] = [];
    expect(await getDocument(kv, 'hist:ACME', (m) => log.push(m))).toBeUndefined();
    expect(log.join()).toMatch(/hist:ACME: a part of generation \w+ is missing; read as missing/);
    await putDocument(kv, 'hist:ACME', { small: true }, () => undefined);
    expect(await getDocument(kv, 'hist:ACME', () => undefined)).toEqual({ small: true });
    expect(kv.size('hist:ACME#').keys).toBe(0);
  });

  it('a head of the wrong shape is logged and read as missing', async () => {
    const kv = new MemoryKeyValueStore();
    await kv.set('hist:ACME', { parts: 'many' });
    const log: string[] = [];
    expect(await getDocument(kv, 'hist:ACME', (m) => log.push(m))).toBeUndefined();
    expect(log).toHaveLength(1);
  });
});

describe('MemoryKeyValueStore', () => {
  it('lists a write only after the query lag, and a deleted key for as long', async () => {
    const kv = new MemoryKeyValueStore({ queryLag: 3 });
    await kv.set('scan:idx:A', 1);
    expect(await kv.keys('scan:idx:')).toEqual([]);
    expect(await kv.get('scan:idx:A')).toBe(1);
    await kv.get('x');
    await kv.get('x');
    expect(await kv.keys('scan:idx:')).toEqual(['scan:idx:A']);
    await kv.delete('scan:idx:A');
    expect(await kv.keys('scan:idx:')).toEqual(['scan:idx:A']);
  });

  it('refuses what KVS refuses: a value over 240 KiB, a bad key', async () => {
    const kv = new MemoryKeyValueStore();
    await expect(kv.set('a', 'x'.repeat(250 * 1024))).rejects.toThrow(/exceeds the KVS limit/);
    await expect(kv.set('a/b', 1)).rejects.toThrow(/invalid storage key/);
  });
});
