/**
 * The versioned document (a head key and set-if-absent versions): a read is three gets (no batch
 * operation: KVS allows few a minute), and a head left behind by a writer that failed is rolled forward.
 */
import { z } from 'zod';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { versionedKeys } from '../../src/storage/keys';
import { VersionedDocument } from '../../src/storage/versioned-document';

const schema = z.object({ n: z.number() });
const make = (kv = new MemoryKeyValueStore()) => ({ kv, doc: new VersionedDocument(kv, 'pf:q', schema, () => undefined) });

describe('VersionedDocument', () => {
  it('reads the current version with three gets (no batch operation)', async () => {
    const { kv, doc } = make();
    expect(await doc.current()).toEqual({ version: 0, doc: null });
    await doc.write(0, { n: 1 });
    await doc.write(1, { n: 2 });
    const before = { ...kv.counts };
    expect(await doc.current()).toEqual({ version: 2, doc: { n: 2 } });
    expect(kv.counts.get - before.get).toBe(3);
  });

  it('rolls a head left behind forward, however far', async () => {
    const { kv, doc } = make();
    for (let n = 0; n < 4; n++) await doc.write(n, { n: n + 1 });
    await kv.set(versionedKeys.head('pf:q'), 1); // versions 2 to 4 landed, the head stayed at 1
    expect(await doc.current()).toEqual({ version: 4, doc: { n: 4 } });
    expect((await doc.update((d) => ({ n: (d?.n ?? 0) + 10 })))?.version).toBe(5);
  });

  it('reads an unparsable version as absent and keeps counting versions after it', async () => {
    const { kv, doc } = make();
    await kv.setIfAbsent(versionedKeys.version('pf:q', 1), { n: 'not a number' });
    expect(await doc.current()).toEqual({ version: 1, doc: null });
    expect((await doc.write(1, { n: 3 })).version).toBe(2);
  });
});
