/**
 * Which settings produced the page: the site's (version N, or the defaults) or this project's
 * override (version M) over them; a Jira admin gets a link to the admin page to change them.
 */
import Link from '@atlaskit/link';
import type { MouseEvent } from 'react';
import type { SettingsChangeDto, SettingsSourceDto } from '../../../src/contract/resolvers';
import * as s from '../../shared/styles';

function settingsSentence(settings: SettingsSourceDto): string {
  const site = settings.siteVersion === 0 ? 'the default settings' : `the site settings (version ${settings.siteVersion})`;
  if (settings.source === 'project') return `Computed with this project’s override (version ${settings.projectVersion}) over ${site}.`;
  return `Computed with ${site}; this project has no override.`;
}

export function settingsChangeLabel(change: SettingsChangeDto): string {
  const what = change.scope === 'site' ? 'site settings' : 'project override';
  const verb = change.action === 'reset' ? (change.scope === 'site' ? 'reset to the defaults' : 'removed') : change.action === 'restore' ? 'restored' : 'saved';
  return `${what} ${verb} (version ${change.version})`;
}

export function SettingsNote({ settings, onOpenAdmin }: { settings: SettingsSourceDto; onOpenAdmin: () => void }) {
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    onOpenAdmin();
  };
  return (
    <span style={s.subtlest} data-testid="settings-note">
      {settingsSentence(settings)}{' '}
      {settings.canConfigure && (
        <Link href="#" onClick={open}>
          Change the settings
        </Link>
      )}
    </span>
  );
}
