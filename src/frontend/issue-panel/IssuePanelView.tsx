/**
 * The issue panel's view: the parent chain from the top ancestor down to the open issue.
 * Pure: props in, UI Kit tree out (the data hook lives in App.tsx).
 */
import {
  Box,
  Button,
  Heading,
  Inline,
  Link,
  Lozenge,
  SectionMessage,
  Spinner,
  Stack,
  Text,
  xcss,
} from '@forge/react';
import type { ChainNodeDto, FindingDto, IssueChainDto, PlanningContextDto, ResolverError } from '../../contract/resolvers';
import type { Loadable } from '../shared/use-resolver';
import { ERROR_TITLE, findingKindLabel, formatDate, isRetryable, plural, statusAppearance } from '../shared/words';

export interface IssuePanelViewProps {
  state: Loadable<IssueChainDto>;
  onRetry: () => void;
  /** Opens the project's Planning levels page (where scans start). */
  onOpenProjectPage: (projectKey: string) => void;
}

export function IssuePanelView({ state, onRetry, onOpenProjectPage }: IssuePanelViewProps) {
  if (state.status === 'loading') {
    return (
      <Inline space="space.100" alignBlock="center">
        <Spinner size="small" label="Loading the parent chain" />
        <Text color="color.text.subtle">Tracing this issue up to the product vision…</Text>
      </Inline>
    );
  }
  if (state.status === 'error') return <ErrorView error={state.error} onRetry={onRetry} />;
  return <ChainView chain={state.data} onOpenProjectPage={onOpenProjectPage} />;
}

function ErrorView({ error, onRetry }: { error: ResolverError; onRetry: () => void }) {
  return (
    <Stack space="space.100">
      <SectionMessage appearance="error" title={ERROR_TITLE[error.code]}>
        <Text>{error.message}</Text>
      </SectionMessage>
      {isRetryable(error.code) && (
        <Inline>
          <Button onClick={onRetry}>Try again</Button>
        </Inline>
      )}
    </Stack>
  );
}

const nodeStyle = (depth: number, current: boolean) =>
  xcss({
    marginInlineStart: depth === 0 ? 'space.0' : depth === 1 ? 'space.200' : depth === 2 ? 'space.400' : 'space.600',
    paddingInline: 'space.150',
    paddingBlock: 'space.100',
    borderInlineStartWidth: 'border.width.selected',
    borderInlineStartStyle: 'solid',
    borderInlineStartColor: current ? 'color.border.selected' : 'color.border',
    backgroundColor: current ? 'color.background.selected' : 'elevation.surface',
    borderRadius: 'radius.small',
  });

function ChainView({ chain, onOpenProjectPage }: { chain: IssueChainDto; onOpenProjectPage: (projectKey: string) => void }) {
  const nodes = chain.chain;
  const self = nodes[nodes.length - 1];
  return (
    <Stack space="space.200">
      {chain.analysis.state === 'not-analysed' && (
        <SectionMessage appearance="information" title={`${chain.projectKey} is not analysed yet`}>
          <Stack space="space.100">
            <Text>The findings of this chain appear here once the project has been scanned. Its first scan starts on the project's Planning levels page.</Text>
            <Inline>
              <Button onClick={() => onOpenProjectPage(chain.projectKey)}>Open Planning levels</Button>
            </Inline>
          </Stack>
        </SectionMessage>
      )}
      {chain.missingLinks.length > 0 && (
        <SectionMessage
          appearance="warning"
          title={chain.missingLinks.length === 1 ? 'A planning link is missing' : 'Planning links are missing'}
        >
          <Stack space="space.050">
            {chain.missingLinks.map((message) => (
              <Text key={message}>{message}</Text>
            ))}
          </Stack>
        </SectionMessage>
      )}

      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          Parent chain
        </Heading>
        {nodes.length <= 1 && chain.missingLinks.length === 0 && (
          <Text color="color.text.subtle">This issue is at the top of its chain.</Text>
        )}
        {nodes.map((node, depth) => (
          <ChainNode key={node.key} node={node} depth={depth} current={node === self} />
        ))}
      </Stack>

      {chain.hiddenFindings > 0 && (
        <Text size="small" color="color.text.subtlest">
          {`${plural(chain.hiddenFindings, 'finding')} about issues you cannot see ${chain.hiddenFindings === 1 ? 'is' : 'are'} hidden.`}
        </Text>
      )}

      {chain.context && <PlanningContext context={chain.context} />}

      <Stack space="space.050">
        <Heading size="xsmall" as="h3">
          Children
        </Heading>
        <Text>{childrenSummary(chain.children)}</Text>
        {(chain.childIssues ?? []).map((c) => (
          <Inline key={c.key} space="space.100" alignBlock="center" shouldWrap>
            <LinkOrText url={c.url} text={c.key} />
            <Lozenge appearance={statusAppearance(c.statusCategory)}>{c.statusName}</Lozenge>
            <Text size="small">{c.summary}</Text>
          </Inline>
        ))}
        {chain.childrenUrl && chain.children.total > (chain.childIssues ?? []).length && (
          <Link href={chain.childrenUrl} openNewTab>
            {`Open all ${chain.children.total} children in Jira`}
          </Link>
        )}
      </Stack>
    </Stack>
  );
}

/** A link into Jira when the answer has one (a site is known), else the text itself. */
function LinkOrText({ url, text, newTab = false }: { url: string | undefined; text: string; newTab?: boolean }) {
  if (!url) return <Text weight="semibold">{text}</Text>;
  return (
    <Link href={url} openNewTab={newTab}>
      {text}
    </Link>
  );
}

/** The issue's Level 4 and Level 3 context: its sprint and its fix versions, each linked. */
function PlanningContext({ context }: { context: PlanningContextDto }) {
  const sprint = context.sprint;
  return (
    <Stack space="space.050">
      <Heading size="xsmall" as="h3">
        Sprint and release
      </Heading>
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Text color="color.text.subtle">Sprint (level 4):</Text>
        {sprint === null ? (
          <Text>{context.sprintKnown ? 'in no sprint' : 'shown once the project has been scanned'}</Text>
        ) : (
          <>
            <LinkOrText url={sprint.url} text={sprint.name} newTab />
            <Text size="small" color="color.text.subtle">
              {`${SPRINT_STATE[sprint.state]}${sprint.endDate ? `, ${sprint.state === 'closed' ? 'ended' : 'ends'} ${formatDate(sprint.endDate)}` : ''}`}
            </Text>
          </>
        )}
      </Inline>
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Text color="color.text.subtle">{context.fixVersions.length > 1 ? 'Fix versions (level 3):' : 'Fix version (level 3):'}</Text>
        {context.fixVersions.length === 0 && <Text>none</Text>}
        {context.fixVersions.map((v) => (
          <Inline key={v.id} space="space.050" alignBlock="center">
            <LinkOrText url={v.url} text={v.name} newTab />
            <Text size="small" color="color.text.subtle">
              {v.released ? 'released' : v.releaseDate ? `${v.overdue ? 'overdue since' : 'due'} ${formatDate(v.releaseDate)}` : 'no release date'}
            </Text>
          </Inline>
        ))}
      </Inline>
    </Stack>
  );
}

const SPRINT_STATE: Record<'closed' | 'active' | 'future', string> = { active: 'active', future: 'planned', closed: 'closed' };

function ChainNode({ node, depth, current }: { node: ChainNodeDto; depth: number; current: boolean }) {
  return (
    <Box xcss={nodeStyle(Math.min(depth, 3), current)}>
      <Stack space="space.050">
        <Text size="small" color="color.text.subtle" weight="semibold">
          {`Level ${node.level} · ${node.levelName}${current ? ' · this issue' : ''}`}
        </Text>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <LinkOrText url={node.url} text={node.key} />
          <Text color="color.text.subtle">{node.issueTypeName}</Text>
          <Lozenge appearance={statusAppearance(node.statusCategory)}>{node.statusName}</Lozenge>
        </Inline>
        <Text>{node.summary}</Text>
        {!node.inData && (
          <Text size="small" color="color.text.subtlest">
            Its project has not been analysed yet: no findings to show.
          </Text>
        )}
        {(node.missingLinksAbove ?? 0) > 0 && (
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Lozenge appearance="moved">Missing link</Lozenge>
            <Text size="small" color="color.text.subtle">
              See the warning above.
            </Text>
          </Inline>
        )}
        {node.findings.length === 0 ? (
          node.inData && (node.missingLinksAbove ?? 0) === 0 && (
            <Text size="small" color="color.text.success">
              No findings
            </Text>
          )
        ) : (
          <Stack space="space.050">
            {node.findings.map((f, i) => (
              <FindingLine key={`${f.kind}-${i}`} finding={f} />
            ))}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}

function FindingLine({ finding }: { finding: FindingDto }) {
  return (
    <Inline space="space.100" alignBlock="start" shouldWrap>
      <Lozenge appearance="moved">{findingKindLabel(finding.kind)}</Lozenge>
      <Text size="small">{finding.message}</Text>
    </Inline>
  );
}

export function childrenSummary(children: IssueChainDto['children']): string {
  if (children.total === 0) return 'No child issues.';
  const types = [...children.byType]
    .sort((a, b) => b.count - a.count || a.issueTypeName.localeCompare(b.issueTypeName))
    .map((t) => `${t.count} ${t.issueTypeName}`)
    .join(', ');
  const counts = `${children.open} open, ${children.done} done (${types})`;
  if (children.counted < children.total) return `${plural(children.total, 'child issue')}; of the first ${children.counted}: ${counts}.`;
  return `${plural(children.total, 'child issue')}: ${counts}.`;
}
