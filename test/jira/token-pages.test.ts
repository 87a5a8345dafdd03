import { JiraResponseError } from '../../src/jira/errors';
import { morePagesFollow, readTokenPages, type TokenPage } from '../../src/jira/token-pages';

/** Pages served from a list: page n (1-based) is pages[n - 1]; the tokens each read was asked with. */
function served(pages: (TokenPage & { n: number })[]) {
  const asked: (string | undefined)[] = [];
  return {
    asked,
    read: (token: string | undefined, page: number) => {
      asked.push(token);
      const p = pages[page - 1];
      if (p === undefined) throw new Error(`no page ${page}`);
      return Promise.resolve(p);
    },
  };
}

describe('readTokenPages', () => {
  test('reads each page with the token of the page before, to the last', async () => {
    const source = served([
      { n: 1, nextPageToken: 'a', isLast: false },
      { n: 2, nextPageToken: 'b', isLast: false },
      { n: 3, nextPageToken: null, isLast: true },
    ]);
    const got: number[] = [];
    const end = await readTokenPages({ what: 'reading X', maxPages: 10, read: source.read, onPage: (p, page) => void got.push(p.n * 10 + page) });
    expect(end).toBe('done');
    expect(got).toEqual([11, 22, 33]);
    expect(source.asked).toEqual([undefined, 'a', 'b']);
  });

  test('id and key pages without isLast end when they give no token', async () => {
    const source = served([{ n: 1, nextPageToken: 'a' }, { n: 2 }]);
    await expect(readTokenPages({ what: 'reading keys', maxPages: 10, read: source.read, onPage: () => undefined })).resolves.toBe('done');
    expect(source.asked).toEqual([undefined, 'a']);
  });

  test('a page that says more follow without a token, or with a token seen before, is refused', async () => {
    const noToken = served([{ n: 1, isLast: false }]);
    await expect(readTokenPages({ what: 'reading X', maxPages: 10, read: noToken.read, onPage: () => undefined })).rejects.toThrow(/reading X: page 1 says more pages follow but gives no nextPageToken/);
    const loop = served([
      { n: 1, nextPageToken: 'a', isLast: false },
      { n: 2, nextPageToken: 'b', isLast: false },
      { n: 3, nextPageToken: 'a', isLast: false },
    ]);
    const error = await readTokenPages({ what: 'reading X', maxPages: 10, read: loop.read, onPage: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraResponseError);
    expect((error as Error).message).toMatch(/page 3 says more pages follow but gives a repeated nextPageToken/);
  });

  test('more than maxPages pages is refused; mayRead false stops before the next page', async () => {
    const endless = { read: (_t: string | undefined, page: number) => Promise.resolve({ nextPageToken: `t${page}`, isLast: false }) };
    await expect(readTokenPages({ what: 'reading X', maxPages: 3, read: endless.read, onPage: () => undefined })).rejects.toThrow(/more than 3 pages/);
    let pages = 0;
    const end = await readTokenPages({ what: 'reading X', maxPages: 10, read: endless.read, onPage: () => void pages++, mayRead: () => pages < 2 });
    expect(end).toBe('stopped');
    expect(pages).toBe(2);
  });

  test('morePagesFollow: isLast decides; without it, a token', () => {
    expect(morePagesFollow({ isLast: true, nextPageToken: 'a' })).toBe(false);
    expect(morePagesFollow({ isLast: false })).toBe(true);
    expect(morePagesFollow({ nextPageToken: 'a' })).toBe(true);
    expect(morePagesFollow({ nextPageToken: null })).toBe(false);
  });
});
