/**
 * The gadget's edit mode: the portfolio, or one project of it (the projects the viewer may
 * browse). Save hands the choice to Jira (view.submit), which stores it with the gadget.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useId, useState, type FormEvent } from 'react';
import type { PortfolioDto } from '../../../src/contract/resolvers';
import type { Loadable } from '../../../src/frontend/shared/use-resolver';
import * as s from '../../shared/styles';
import type { GadgetConfig } from './gadget-config';

export interface GadgetEditProps {
  config: GadgetConfig | null;
  /** The portfolio, for the list of projects. */
  portfolio: Loadable<PortfolioDto>;
  onSubmit: (config: GadgetConfig) => Promise<void>;
}

export function GadgetEdit({ config, portfolio, onSubmit }: GadgetEditProps) {
  const [show, setShow] = useState<GadgetConfig['show']>(config?.show ?? 'portfolio');
  const [projectKey, setProjectKey] = useState(config?.show === 'project' ? config.projectKey : '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const projectSelect = useId();
  const projects = portfolio.status === 'ready' ? [...portfolio.data.projects].sort((a, b) => a.name.localeCompare(b.name, 'en')) : [];
  const chosen = show === 'portfolio' || projectKey !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) {
      setError('Choose a project.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSubmit(show === 'portfolio' ? { show: 'portfolio' } : { show: 'project', projectKey });
    } catch (e) {
      setError(`The gadget could not be saved: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <main style={{ boxSizing: 'border-box', padding: token('space.150'), color: token('color.text'), font: token('font.body') }}>
      <h1 style={s.visuallyHidden}>Planning levels gadget settings</h1>
      <form onSubmit={(e) => void submit(e)} style={s.stack('space.150')} aria-label="What the gadget shows">
        <fieldset style={{ border: 0, margin: 0, padding: 0, ...s.stack('space.100') }}>
          <legend style={{ fontWeight: token('font.weight.semibold'), marginBottom: token('space.100') }}>Show</legend>
          <label style={s.inline('space.100')}>
            <input type="radio" name="show" value="portfolio" checked={show === 'portfolio'} onChange={() => setShow('portfolio')} />
            The portfolio’s median levels and its weakest level
          </label>
          <label style={s.inline('space.100')}>
            <input type="radio" name="show" value="project" checked={show === 'project'} onChange={() => setShow('project')} />
            One project’s five levels
          </label>
        </fieldset>
        {show === 'project' && (
          <div style={s.stack('space.050')}>
            <label htmlFor={projectSelect}>Project</label>
            {portfolio.status === 'loading' && <span role="status">Loading the projects…</span>}
            {portfolio.status === 'error' && <span role="alert">{portfolio.error.message}</span>}
            {portfolio.status === 'ready' && (
              <select id={projectSelect} style={s.select} value={projectKey} onChange={(e) => setProjectKey(e.currentTarget.value)} aria-invalid={error !== null && projectKey === ''}>
                <option value="">Choose a project</option>
                {projects.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name} ({p.key})
                  </option>
                ))}
              </select>
            )}
          </div>
        )}
        {error && (
          <p role="alert" style={{ margin: 0, color: token('color.text.danger') }}>
            {error}
          </p>
        )}
        <div>
          <Button type="submit" appearance="primary" isDisabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </Button>
        </div>
      </form>
    </main>
  );
}
