/**
 * The in-memory KVS with Forge's per-installation quotas on (limits-kvs-ce): reads and writes in
 * 10 KB units a minute; past one, 429.
 */
import { KVS_QUOTAS, KvsRateLimitError, MemoryKeyValueStore } from '../../src/storage/key-value';

function store() {
  let now = Date.UTC(2026, 2, 2, 6, 0, 0);
  const kv = new MemoryKeyValueStore({ quotas: true, now: () => now });
  return { kv, nextMinute: () => (now += 60_000) };
}

describe('MemoryKeyValueStore with KVS quotas', () => {
  it('counts a read in 10 KB units of the value read, rounded up', async () => {
    const { kv, nextMinute } = store();
    await kv.set('big', 'x'.repeat(95 * 1024)); // 10 units a read
    nextMinute();
    for (let i = 0; i < KVS_QUOTAS.readUnitsPerMinute / 10; i++) await kv.get('big');
    expect(kv.counts.readUnits).toBe(KVS_QUOTAS.readUnitsPerMinute);
    await expect(kv.get('big')).rejects.toBeInstanceOf(KvsRateLimitError);
    await expect(kv.get('big')).rejects.toThrow(/read units/);
    await expect(kv.get('absent')).rejects.toThrow(/429 RATE_LIMIT_EXCEEDED/);
  });

  it('counts writes apart from reads', async () => {
    const { kv } = store();
    const value = 'y'.repeat(15 * 1024); // 2 units
    for (let i = 0; i < KVS_QUOTAS.writeUnitsPerMinute / 2; i++) await kv.set('w', value);
    await expect(kv.set('w', value)).rejects.toThrow(/write units/);
    await expect(kv.get('w')).resolves.toBe(value);
  });

  it('enforces nothing unless asked (the default)', async () => {
    const kv = new MemoryKeyValueStore();
    await kv.set('big', 'x'.repeat(195 * 1024)); // 20 units a read
    for (let i = 0; i < 250; i++) await kv.get('big');
    expect(kv.counts.readUnits).toBe(250 * 20);
    expect(kv.counts.rateLimited).toBe(0);
  });
});
