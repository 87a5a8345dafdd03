/** @jest-environment jsdom */
import { host } from './forge-harness';
import { screen } from '@testing-library/react';
import { act } from 'react';
import { health, levelHistory, stored } from './fixtures';

describe('project page entry point', () => {
  it('turns on Jira theming, styles the page with tokens and renders the app', async () => {
    host.reset();
    host.on('scan/status', () => ({ ok: true, data: stored(health) }));
    host.on('history/levels', () => ({ ok: true, data: levelHistory }));
    document.body.innerHTML = '<div id="root"></div>';
    await act(async () => {
      // The entry point renders on load: require it here, inside act, after the host is set up.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../static/project-page/src/main');
    });
    expect(host.calls.some((c) => c.cmd === 'enableTheming')).toBe(true);
    expect(document.body.style.backgroundColor).toContain('--ds-surface');
    expect(document.body.style.color).toContain('--ds-text');
    expect(await screen.findByRole('heading', { name: 'The five levels' })).toBeTruthy();
  });
});
