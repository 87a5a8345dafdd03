/**
 * One level's findings: kind in words, the subject linking into Jira, and the message.
 */
import { token } from '@atlaskit/tokens';
import DynamicTable from '@atlaskit/dynamic-table';
import Link from '@atlaskit/link';
import type { MouseEvent } from 'react';
import type { FindingDto, LevelHealthDto } from '../../../src/contract/resolvers';
import { findingKindLabel } from '../../../src/frontend/shared/words';
import * as s from './styles';

export interface FindingsTableProps {
  level: LevelHealthDto;
  findings: FindingDto[];
  /** All findings of the level when only some are listed (a large project's stored result). */
  total?: number;
  onOpenUrl: (url: string) => void;
}

const ROWS_PER_PAGE = 10;

export function FindingsTable({ level, findings, total = findings.length, onOpenUrl }: FindingsTableProps) {
  if (findings.length === 0 && total === 0) {
    return (
      <p style={{ margin: 0, paddingBlock: token('space.150') }}>
        No findings at the {level.name} level: it keeps its cadence.
      </p>
    );
  }
  const head = {
    cells: [
      { key: 'kind', content: 'Kind', isSortable: true, width: 20 },
      { key: 'subject', content: 'Subject', isSortable: true, width: 18 },
      { key: 'message', content: 'Finding', isSortable: false },
    ],
  };
  const rows = findings.map((f, index) => ({
    key: `finding-${index}`,
    cells: [
      { key: findingKindLabel(f.kind), content: findingKindLabel(f.kind) },
      { key: f.subjectLabel || '~', content: <Subject finding={f} onOpenUrl={onOpenUrl} /> },
      { key: f.message, content: f.message },
    ],
  }));
  return (
    <div style={s.stack('space.050')}>
      <DynamicTable
        caption={`${total > findings.length ? `${findings.length} of ${total}` : findings.length} ${total === 1 ? 'finding' : 'findings'} at the ${level.name} level`}
        head={head}
        rows={rows}
        rowsPerPage={findings.length > ROWS_PER_PAGE ? ROWS_PER_PAGE : undefined}
        defaultPage={1}
        label={`${level.name} findings`}
      />
    </div>
  );
}

function Subject({ finding, onOpenUrl }: { finding: FindingDto; onOpenUrl: (url: string) => void }) {
  const label = finding.subjectLabel || 'The whole level';
  const { url } = finding;
  if (!url) return <span style={s.subtle}>{label}</span>;
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
