/**
 * One level's findings: kind in words, the subject linking into Jira, the message and the next
 * step with where it is done. Sortable by kind, subject or finding; filterable by kind; pages of
 * 20. In a narrow frame each finding reflows to a block (responsive.css).
 */
import Button from '@atlaskit/button/new';
import Link from '@atlaskit/link';
import { token } from '@atlaskit/tokens';
import { useId, useMemo, useState, type MouseEvent } from 'react';
import type { FindingDto, LevelHealthDto } from '../../../src/contract/resolvers';
import { FINDING_KINDS, type FindingKind } from '../../../src/core/findings';
import { findingKindLabel } from '../../../src/frontend/shared/words';
import { nextStep, whereToFix, type JiraLinks } from './next-steps';
import * as s from './styles';

export interface FindingsTableProps {
  level: LevelHealthDto;
  findings: FindingDto[];
  /** All findings of the level when only some are listed (a large project's stored result). */
  total?: number;
  onOpenUrl: (url: string) => void;
  links: JiraLinks;
}

const ROWS_PER_PAGE = 20;

type SortKey = 'kind' | 'subject' | 'message';
const KIND_ORDER = new Map<FindingKind, number>(FINDING_KINDS.map((k, i) => [k, i]));
const collate = new Intl.Collator('en', { numeric: true }).compare;

function compare(key: SortKey, a: FindingDto, b: FindingDto): number {
  if (key === 'kind') return KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! || collate(a.subjectLabel, b.subjectLabel);
  if (key === 'subject') return collate(a.subjectLabel, b.subjectLabel) || KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!;
  return collate(a.message, b.message);
}

export function FindingsTable({ level, findings, total = findings.length, onOpenUrl, links }: FindingsTableProps) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'kind', descending: false });
  const [kind, setKind] = useState<FindingKind | 'all'>('all');
  const [page, setPage] = useState(0);
  const filterId = useId();

  const kinds = useMemo(() => FINDING_KINDS.filter((k) => findings.some((f) => f.kind === k)), [findings]);
  const shown = useMemo(() => {
    const list = findings.filter((f) => kind === 'all' || f.kind === kind);
    list.sort((a, b) => (sort.descending ? -1 : 1) * compare(sort.key, a, b));
    return list;
  }, [findings, kind, sort]);

  if (findings.length === 0 && total === 0) {
    return (
      <p style={{ margin: 0, paddingBlock: token('space.150') }}>
        No findings at the {level.name} level: it keeps its cadence.
      </p>
    );
  }

  const pages = Math.max(1, Math.ceil(shown.length / ROWS_PER_PAGE));
  const current = Math.min(page, pages - 1);
  const rows = shown.slice(current * ROWS_PER_PAGE, (current + 1) * ROWS_PER_PAGE);
  const sortBy = (key: SortKey) => {
    setSort((prev) => ({ key, descending: prev.key === key ? !prev.descending : false }));
    setPage(0);
  };
  const header = (key: SortKey, label: string) => (
    <th scope="col" style={s.th} aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" style={s.sortButton} onClick={() => sortBy(key)}>
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
      </button>
    </th>
  );
  const countText = `${total > findings.length ? `${findings.length} of ${total}` : findings.length} ${total === 1 ? 'finding' : 'findings'} at the ${level.name} level`;

  return (
    <div style={s.stack('space.100')}>
      {kinds.length > 1 && (
        <div style={s.inline('space.100')}>
          <label htmlFor={filterId} style={s.subtle}>
            Show
          </label>
          <select
            id={filterId}
            style={s.select}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as FindingKind | 'all');
              setPage(0);
            }}
          >
            <option value="all">All kinds ({findings.length})</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {findingKindLabel(k)} ({findings.filter((f) => f.kind === k).length})
              </option>
            ))}
          </select>
        </div>
      )}
      <table style={s.table} className="pl-reflow" data-testid={`findings-table-${level.level}`}>
        <caption style={{ ...s.caption, font: token('font.heading.xsmall'), color: token('color.text') }}>
          {countText}
          {kind !== 'all' ? `, ${shown.length} shown (${findingKindLabel(kind)})` : ''}
        </caption>
        <thead>
          <tr>
            {header('kind', 'Kind')}
            {header('subject', 'Subject')}
            {header('message', 'Finding')}
            <th scope="col" style={s.th}>
              Next step
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f, index) => {
            const where = whereToFix(f, links);
            return (
              <tr key={`${f.kind}-${f.subjectLabel}-${index}`} data-testid="finding-row">
                <td style={{ ...s.td, verticalAlign: 'top' }} data-label="Kind">
                  <span>{findingKindLabel(f.kind)}</span>
                </td>
                <td style={{ ...s.td, verticalAlign: 'top', whiteSpace: 'nowrap' }} data-label="Subject">
                  <span>
                    <Subject finding={f} onOpenUrl={onOpenUrl} />
                  </span>
                </td>
                <td style={{ ...s.td, verticalAlign: 'top' }} data-label="Finding">
                  <span>{f.message}</span>
                </td>
                <td style={{ ...s.td, verticalAlign: 'top' }} data-label="Next step">
                  <span style={s.stack('space.025')}>
                    <span>{nextStep(f)}</span>
                    {where && <ExternalLink url={where.url} label={where.label} onOpenUrl={onOpenUrl} />}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages > 1 && (
        <nav aria-label={`${level.name} findings pages`} style={s.inline('space.100')}>
          <Button isDisabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </Button>
          <span style={s.subtle} aria-live="polite">
            Page {current + 1} of {pages} · findings {current * ROWS_PER_PAGE + 1}–{current * ROWS_PER_PAGE + rows.length} of {shown.length}
          </span>
          <Button isDisabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </Button>
        </nav>
      )}
    </div>
  );
}

function ExternalLink({ url, label, onOpenUrl }: { url: string; label: string; onOpenUrl: (url: string) => void }) {
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    // Inside Jira the page is an iframe: ask the host to open the link (modifier clicks keep the default).
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    onOpenUrl(url);
  };
  return (
    <Link href={url} target="_blank" onClick={open} newWindowLabel="(opens in a new tab)">
      {label}
    </Link>
  );
}

function Subject({ finding, onOpenUrl }: { finding: FindingDto; onOpenUrl: (url: string) => void }) {
  const label = finding.subjectLabel || 'The whole level';
  if (!finding.url) return <span style={s.subtle}>{label}</span>;
  return <ExternalLink url={finding.url} label={label} onOpenUrl={onOpenUrl} />;
}

export { ExternalLink };
