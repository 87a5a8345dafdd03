/**
 * A level's findings in the drill-down: the first ones came with the stored result; a large
 * project's others are paged in from the stored result (scan/findings), 100 at a time.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { FindingDto, LevelHealthDto, ResolverResponse, ScanFindingsPageDto } from '../../../src/contract/resolvers';
import type { Level } from '../../../src/core/levels';
import { findingsToShow, shownFindingCount } from '../../../src/frontend/shared/health';
import { plural } from '../../../src/frontend/shared/words';
import { downloadCsv, findingsCsv } from './findings-csv';
import { ExternalLink, FindingsTable } from './FindingsTable';
import { findingIssueKeys, issueSearch, issueSearchLabel, type JiraLinks } from './next-steps';
import * as s from '../../shared/styles';

export type LoadFindings = (level: Level, offset: number) => Promise<ResolverResponse<ScanFindingsPageDto>>;

export interface LevelFindingsProps {
  level: LevelHealthDto;
  /** The findings that came with the result (the viewer's). */
  initial: FindingDto[];
  /** Where the stored list continues, or null when `initial` is all of it. */
  nextOffset: number | null;
  loadMore: LoadFindings;
  onOpenUrl: (url: string) => void;
  links: JiraLinks;
  /** The result's as-of date: the findings' ages count up to it. */
  asOf: string;
}

export function LevelFindings({ level, initial, nextOffset, loadMore, onOpenUrl, links, asOf }: LevelFindingsProps) {
  const [findings, setFindings] = useState(initial);
  const [next, setNext] = useState(nextOffset);
  const [hidden, setHidden] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const more = async () => {
    if (next === null) return;
    setLoading(true);
    setError(null);
    const response = await loadMore(level.level, next);
    setLoading(false);
    if (!response.ok) {
      setError(response.error.message);
      return;
    }
    setFindings((prev) => [...prev, ...findingsToShow(level.absent, response.data.findings)]);
    setHidden((h) => h + response.data.hidden);
    setNext(response.data.nextOffset);
  };

  const total = shownFindingCount(level);
  const keys = findingIssueKeys(findings);
  const search = issueSearch(links.siteUrl, keys);
  return (
    <div style={s.stack('space.100')}>
      {findings.length > 0 && (
        <div style={{ ...s.inline('space.200'), justifyContent: 'space-between' }}>
          {search ? (
            <ExternalLink url={search.url} label={issueSearchLabel(search)} onOpenUrl={onOpenUrl} />
          ) : (
            <span />
          )}
          <Button
            appearance="subtle"
            onClick={() => downloadCsv(`${links.projectKey}-level-${level.level}-findings.csv`, findingsCsv(findings, asOf))}
          >
            Download {next === null ? '' : 'the loaded '}findings as CSV
          </Button>
        </div>
      )}
      <FindingsTable level={level} findings={findings} total={total} asOf={asOf} onOpenUrl={onOpenUrl} links={links} />
      {(next !== null || hidden > 0 || error !== null) && (
        <div style={{ ...s.inline('space.150') }}>
          {next !== null && (
            <Button onClick={() => void more()} isLoading={loading}>
              Load more findings
            </Button>
          )}
          <span style={s.subtle} aria-live="polite">
            {next !== null ? `${findings.length} of ${total} loaded.` : ''}
            {hidden > 0 ? ` ${plural(hidden, 'more finding')} on issues you cannot see ${hidden === 1 ? 'is' : 'are'} hidden.` : ''}
          </span>
          {error !== null && (
            <span role="alert" style={{ color: token('color.text.danger') }}>
              The next findings could not be loaded: {error}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
