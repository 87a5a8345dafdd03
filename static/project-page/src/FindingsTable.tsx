/**
 * One level's findings: kind in words, the subject linking into Jira, its assignee, status and
 * age (issues only; "—" otherwise), the message and the next step with where it is done.
 * Sortable by every column but the next step; filterable by kind, assignee and status; pages of
 * 20. In a narrow frame each finding reflows to a block (responsive.css).
 */
import Button from '@atlaskit/button/new';
import Link from '@atlaskit/link';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useId, useMemo, useState, type CSSProperties, type MouseEvent } from 'react';
import type { FindingDto, LevelHealthDto } from '../../../src/contract/resolvers';
import { FINDING_KINDS, type FindingKind } from '../../../src/core/findings';
import { findingKindLabel, statusAppearance } from '../../../src/frontend/shared/words';
import { ageDays, ageLabel, assigneeLabel, NOT_APPLICABLE, statusLabel } from './finding-columns';
import { nextStep, whereToFix, type JiraLinks } from './next-steps';
import * as s from '../../shared/styles';
import { Cell, ColumnHeaders, type Column } from '../../shared/table';

export interface FindingsTableProps {
  level: LevelHealthDto;
  findings: FindingDto[];
  /** All findings of the level when only some are listed (a large project's stored result). */
  total?: number;
  /** The result's as-of date (YYYY-MM-DD): ages count up to it. */
  asOf: string;
  onOpenUrl: (url: string) => void;
  links: JiraLinks;
}

const ROWS_PER_PAGE = 20;
const top: CSSProperties = { verticalAlign: 'top' };
const topNowrap: CSSProperties = { verticalAlign: 'top', whiteSpace: 'nowrap' };

type SortKey = 'kind' | 'subject' | 'assignee' | 'status' | 'age' | 'message';
const KIND_ORDER = new Map<FindingKind, number>(FINDING_KINDS.map((k, i) => [k, i]));
const CATEGORY_ORDER: Record<string, number> = { new: 0, indeterminate: 1, done: 2, undefined: 3 };
const collate = new Intl.Collator('en', { numeric: true }).compare;
const ALL = '';

/** "—" (no value) sorts after every value, whichever the direction. */
function compareLabels(a: string, b: string): number {
  if (a === b) return 0;
  if (a === NOT_APPLICABLE) return 1;
  if (b === NOT_APPLICABLE) return -1;
  return collate(a, b);
}

function compare(key: SortKey, a: FindingDto, b: FindingDto, asOf: string): number {
  const byKind = () => KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!;
  const bySubject = () => collate(a.subjectLabel, b.subjectLabel);
  switch (key) {
    case 'kind':
      return byKind() || bySubject();
    case 'subject':
      return bySubject() || byKind();
    case 'assignee':
      return compareLabels(assigneeLabel(a), assigneeLabel(b)) || bySubject();
    case 'status': {
      const rank = (f: FindingDto) => (f.status ? CATEGORY_ORDER[f.status.category] ?? 3 : 4);
      return rank(a) - rank(b) || compareLabels(statusLabel(a), statusLabel(b)) || bySubject();
    }
    case 'age':
      return (ageDays(a, asOf) ?? -1) - (ageDays(b, asOf) ?? -1) || bySubject();
    case 'message':
      return collate(a.message, b.message);
  }
}

function columnText(key: 'assignee' | 'status' | 'age', f: FindingDto, asOf: string): string {
  if (key === 'assignee') return assigneeLabel(f);
  if (key === 'status') return statusLabel(f);
  return ageLabel(f, asOf);
}

interface Filters {
  kind: FindingKind | typeof ALL;
  assignee: string;
  status: string;
}

/** The distinct values of a column with their counts, in order ("—" last). */
function valuesOf(findings: readonly FindingDto[], label: (f: FindingDto) => string): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(label(f), (counts.get(label(f)) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => compareLabels(a.value, b.value));
}

export function FindingsTable({ level, findings, total = findings.length, asOf, onOpenUrl, links }: FindingsTableProps) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'kind', descending: false });
  const [filters, setFilters] = useState<Filters>({ kind: ALL, assignee: ALL, status: ALL });
  const [page, setPage] = useState(0);
  const filterId = useId();

  const kinds = useMemo(() => FINDING_KINDS.filter((k) => findings.some((f) => f.kind === k)), [findings]);
  const assignees = useMemo(() => valuesOf(findings, assigneeLabel), [findings]);
  const statuses = useMemo(() => valuesOf(findings, statusLabel), [findings]);
  const shown = useMemo(() => {
    const list = findings.filter(
      (f) =>
        (filters.kind === ALL || f.kind === filters.kind) &&
        (filters.assignee === ALL || assigneeLabel(f) === filters.assignee) &&
        (filters.status === ALL || statusLabel(f) === filters.status),
    );
    // A finding without the column's value ("—") stays last in either direction.
    const missing = (f: FindingDto) => Number(sort.key === 'assignee' || sort.key === 'status' || sort.key === 'age' ? columnText(sort.key, f, asOf) === NOT_APPLICABLE : false);
    list.sort((a, b) => missing(a) - missing(b) || (sort.descending ? -1 : 1) * compare(sort.key, a, b, asOf));
    return list;
  }, [findings, filters, sort, asOf]);

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
  const sorted = (key: SortKey, label: string): Column => ({
    label,
    sort: { direction: sort.key === key ? (sort.descending ? 'descending' : 'ascending') : null, onSort: () => sortBy(key) },
  });
  const countText = `${total > findings.length ? `${findings.length} of ${total}` : findings.length} ${total === 1 ? 'finding' : 'findings'} at the ${level.name} level`;
  const active = [
    filters.kind !== ALL ? findingKindLabel(filters.kind) : null,
    filters.assignee !== ALL ? `assignee ${filters.assignee}` : null,
    filters.status !== ALL ? `status ${filters.status}` : null,
  ].filter((x): x is string => x !== null);
  const setFilter = (patch: Partial<Filters>) => {
    setFilters((prev) => ({ ...prev, ...patch }));
    setPage(0);
  };
  const filterSelect = (name: keyof Filters, label: string, allLabel: string, options: { value: string; label: string; count: number }[]) => (
    <span style={s.inline('space.075')}>
      <label htmlFor={`${filterId}-${name}`} style={s.subtle}>
        {label}
      </label>
      <select id={`${filterId}-${name}`} style={s.select} value={filters[name]} onChange={(e) => setFilter({ [name]: e.target.value } as Partial<Filters>)}>
        <option value={ALL}>
          {allLabel} ({findings.length})
        </option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label} ({o.count})
          </option>
        ))}
      </select>
    </span>
  );

  return (
    <div style={s.stack('space.100')}>
      {(kinds.length > 1 || assignees.length > 1 || statuses.length > 1) && (
        <div style={{ ...s.inline('space.200'), flexWrap: 'wrap' }} role="group" aria-label={`Filter the ${level.name} findings`}>
          {kinds.length > 1 &&
            filterSelect('kind', 'Kind', 'All kinds', kinds.map((k) => ({ value: k, label: findingKindLabel(k), count: findings.filter((f) => f.kind === k).length })))}
          {assignees.length > 1 && filterSelect('assignee', 'Assignee', 'All assignees', assignees.map((a) => ({ ...a, label: a.value === NOT_APPLICABLE ? 'No issue (—)' : a.value })))}
          {statuses.length > 1 && filterSelect('status', 'Status', 'All statuses', statuses.map((a) => ({ ...a, label: a.value === NOT_APPLICABLE ? 'No issue (—)' : a.value })))}
        </div>
      )}
      <table style={s.table} className="pl-reflow" data-testid={`findings-table-${level.level}`}>
        <caption style={{ ...s.caption, font: token('font.heading.xsmall'), color: token('color.text') }}>
          {countText}
          {active.length > 0 ? `, ${shown.length} shown (${active.join(', ')})` : ''}
        </caption>
        <ColumnHeaders
          columns={[
            sorted('kind', 'Kind'),
            sorted('subject', 'Subject'),
            sorted('assignee', 'Assignee'),
            sorted('status', 'Status'),
            sorted('age', 'Age'),
            sorted('message', 'Finding'),
            { label: 'Next step' },
          ]}
        />
        <tbody>
          {rows.map((f, index) => {
            const where = whereToFix(f, links);
            return (
              <tr key={`${f.kind}-${f.subjectLabel}-${index}`} data-testid="finding-row">
                <Cell label="Kind" style={top}>
                  <span>{findingKindLabel(f.kind)}</span>
                </Cell>
                <Cell label="Subject" style={topNowrap}>
                  <span>
                    <Subject finding={f} onOpenUrl={onOpenUrl} />
                  </span>
                </Cell>
                <Cell label="Assignee" style={top} data-testid="finding-assignee">
                  <span>{assigneeLabel(f)}</span>
                </Cell>
                <Cell label="Status" style={top} data-testid="finding-status">
                  <span>{f.status ? <Lozenge appearance={statusAppearance(f.status.category)}>{f.status.name}</Lozenge> : NOT_APPLICABLE}</span>
                </Cell>
                <Cell label="Age" style={topNowrap} data-testid="finding-age">
                  <span title={f.created ? `Created ${f.created.slice(0, 10)}` : undefined}>{ageLabel(f, asOf)}</span>
                </Cell>
                <Cell label="Finding" style={top}>
                  <span>{f.message}</span>
                </Cell>
                <Cell label="Next step" style={top}>
                  <span style={s.stack('space.025')}>
                    <span>{nextStep(f)}</span>
                    {where && <ExternalLink url={where.url} label={where.label} onOpenUrl={onOpenUrl} />}
                  </span>
                </Cell>
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
