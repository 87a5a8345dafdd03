/** --help and -h: the usage on stdout, exit 0, whatever else is on the line. */
import { captureMain, CAPTURE_USAGE } from '../../src/cli/capture';
import { wantsHelp } from '../../src/cli/options';

describe('wantsHelp', () => {
  it('finds --help or -h before a "--" that ends the options', () => {
    expect(wantsHelp(['--help'])).toBe(true);
    expect(wantsHelp(['--snapshot', 'x', '-h'])).toBe(true);
    expect(wantsHelp(['--snapshot', 'x'])).toBe(false);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--helpful'])).toBe(false);
  });
});

describe('capture --help', () => {
  it.each([['--help'], ['-h']])('%s prints the usage and reads nothing', async (flag) => {
    let out = '';
    await captureMain(['--site', 'http://127.0.0.1:9', flag], (t) => (out += t));
    expect(out).toBe(`${CAPTURE_USAGE}\n`);
    expect(out).toMatch(/^usage: npm run capture -- --site/);
  });
});
