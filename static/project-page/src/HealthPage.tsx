/**
 * The project page: a pure view of the stored result, the scan in progress and the history
 * (props in, page out). The health is the last complete scan's; a running scan shows its
 * progress beside it.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import type { LevelHistoryDto, ProjectHealthDto, ResolverError, ScanStatusDto } from '../../../src/contract/resolvers';
import { LEVEL_INFO } from '../../../src/core/levels';
import type { Loadable } from '../../../src/frontend/shared/use-resolver';
import { capitalize, formatDate, formatDateTime, percent, plural } from '../../../src/frontend/shared/words';
import type { LoadFindings } from './LevelFindings';
import { LevelsTable } from './LevelsTable';
import { LevelTrends } from './LevelTrends';
import { ScanProgress } from './ScanProgress';
import { AllFindingsCsv } from './AllFindingsCsv';
import { ScoreBar } from '../../shared/ScoreBar';
import { ScoringExplained } from './ScoringExplained';
import { SettingsNote } from './SettingsNote';
import { levelHealth, type HealthBand } from '../../../src/frontend/shared/health';
import type { ScanState } from './use-project-scan';
import { VersionSlips } from './VersionSlips';
import { ExternalLink } from './FindingsTable';
import { issueSearch, issueSearchLabel } from './next-steps';
import { ErrorMessage, LoadingCard } from '../../shared/PageStates';
import * as s from '../../shared/styles';

export interface HealthPageProps {
  state: ScanState;
  history: Loadable<LevelHistoryDto>;
  onRetry: () => void;
  onRescan: () => void;
  onOpenUrl: (url: string) => void;
  /** Opens the app's admin page (Jira admins only see the link). */
  onOpenAdmin?: () => void;
  loadFindings: LoadFindings;
}

export function HealthPage({ state, history, onRetry, onRescan, onOpenUrl, onOpenAdmin = () => {}, loadFindings }: HealthPageProps) {
  const running = state.status === 'ready' && state.data.scan?.state === 'running';
  return (
    <main className="pl-page" style={s.page} aria-busy={state.status === 'loading' || running}>
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={onRetry} />}
      {state.status === 'ready' && state.data.result === null && <FirstScan status={state.data} onRescan={onRescan} />}
      {state.status === 'ready' && state.data.result !== null && (
        <Report
          status={state.data}
          result={state.data.result}
          starting={state.starting}
          history={history}
          onRescan={onRescan}
          onOpenUrl={onOpenUrl}
          onOpenAdmin={onOpenAdmin}
          loadFindings={loadFindings}
        />
      )}
    </main>
  );
}

function PageTitle() {
  return (
    <Heading size="xlarge" as="h1">
      Planning levels
    </Heading>
  );
}

function LoadingState() {
  return (
    <div style={s.stack('space.300')}>
      <PageTitle />
      <LoadingCard title="Checking the five planning levels…" detail="Reading initiatives, epics, versions, sprints and work in progress from Jira." />
    </div>
  );
}

function ErrorState({ error, onRetry }: { error: ResolverError; onRetry: () => void }) {
  return (
    <div style={s.stack('space.300')}>
      <PageTitle />
      <ErrorMessage error={error} onRetry={onRetry} />
    </div>
  );
}

/** No stored result yet: the first scan's progress, or why it failed. */
function FirstScan({ status, onRescan }: { status: ScanStatusDto; onRescan: () => void }) {
  if (status.scan === null) return <LoadingState />;
  if (status.scan.state === 'failed') {
    return (
      <div style={s.stack('space.300')}>
        <PageTitle />
        <div role="alert">
          <SectionMessage
            appearance="error"
            title="The scan of the project could not finish"
            headingLevel="h2"
            actions={[<SectionMessageAction key="retry" onClick={onRescan}>Try again</SectionMessageAction>]}
          >
            <p style={{ margin: 0 }}>{status.scan.lastError ?? 'Jira did not answer.'}</p>
          </SectionMessage>
        </div>
      </div>
    );
  }
  return (
    <div style={s.stack('space.300')}>
      <PageTitle />
      <ScanProgress progress={status.scan.progress} first />
    </div>
  );
}

interface ReportProps {
  status: ScanStatusDto;
  result: NonNullable<ScanStatusDto['result']>;
  starting: boolean;
  history: Loadable<LevelHistoryDto>;
  onRescan: () => void;
  onOpenUrl: (url: string) => void;
  onOpenAdmin: () => void;
  loadFindings: LoadFindings;
}

function Report({ status, result, starting, history, onRescan, onOpenUrl, onOpenAdmin, loadFindings }: ReportProps) {
  const { health } = result;
  const levels = [...health.levels].sort((a, b) => a.level - b.level);
  const scan = status.scan;
  const running = scan?.state === 'running';
  return (
    <div style={s.stack('space.400')}>
      <header style={{ ...s.inline('space.200'), justifyContent: 'space-between' }}>
        <div style={s.stack('space.050')}>
          <PageTitle />
          <span style={s.subtle}>
            {health.project.name} ({health.project.key}) · as of {formatDate(health.asOf)}
          </span>
          {history.status === 'ready' && history.data.settings && <SettingsNote settings={history.data.settings} onOpenAdmin={onOpenAdmin} />}
        </div>
        <div style={s.inline('space.150')}>
          <span style={s.subtlest} data-testid="computed-at">
            Last complete scan {formatDateTime(health.computedAt)} · {plural(result.issueCount, 'issue')}
          </span>
          <Button onClick={onRescan} isLoading={starting} isDisabled={running}>
            Rescan
          </Button>
        </div>
      </header>

      {(status.stale || scan !== null || result.hiddenFindings > 0) && (
        <div style={s.stack('space.150')}>
          {status.stale && (
            <div data-testid="stale-note">
              <SectionMessage appearance="information" title="Issues changed since this result" headingLevel="h2">
                <p style={{ margin: 0 }}>
                  Jira reported changes to the project{status.staleSince ? ` since ${formatDateTime(status.staleSince)}` : ''}. A rescan is scheduled; until it
                  is done this page shows the last complete result.
                </p>
              </SectionMessage>
            </div>
          )}
          {scan?.state === 'running' && <ScanProgress progress={scan.progress} first={false} />}
          {scan?.state === 'failed' && (
            <SectionMessage appearance="warning" title="The last rescan failed" headingLevel="h2">
              <p style={{ margin: 0 }}>
                {scan.lastError ?? 'Jira did not answer.'} This page shows the last complete result; Rescan tries again.
              </p>
            </SectionMessage>
          )}
          {result.hiddenFindings > 0 && (
            <p style={{ ...s.subtle, margin: 0 }} data-testid="hidden-findings">
              {plural(result.hiddenFindings, 'finding')} on issues you cannot see {result.hiddenFindings === 1 ? 'is' : 'are'} hidden.
            </p>
          )}
        </div>
      )}

      <section aria-labelledby="summary-heading" style={s.stack('space.200')}>
        <h2 id="summary-heading" style={s.visuallyHidden}>
          Summary
        </h2>
        <div style={s.cardRow}>
          <WeakestLevelCard health={health} />
          <TraceabilityCard traceability={health.traceability} siteUrl={health.siteUrl} onOpenUrl={onOpenUrl} />
        </div>
      </section>

      <Diagnoses health={health} />

      <section aria-labelledby="levels-heading" style={s.stack('space.150')}>
        <div style={{ ...s.inline('space.200'), justifyContent: 'space-between' }}>
          <Heading size="medium" as="h2" id="levels-heading">
            The five levels
          </Heading>
          <AllFindingsCsv
            projectKey={health.project.key}
            asOf={health.asOf}
            levels={levels}
            findings={health.findings}
            nextOffset={result.nextFindingOffset}
            loadMore={loadFindings}
          />
        </div>
        <ScoringExplained />
        <LevelsTable
          links={{ siteUrl: health.siteUrl, projectKey: health.project.key }}
          levels={levels}
          findings={health.findings}
          weakestLevel={health.weakestLevel}
          asOf={health.asOf}
          boards={health.boards}
          onOpenUrl={onOpenUrl}
          paging={{ nextOffset: result.nextFindingOffset, loadMore: loadFindings }}
        />
      </section>

      <History history={history} />
    </div>
  );
}

function History({ history }: { history: Loadable<LevelHistoryDto> }) {
  if (history.status === 'loading') {
    return (
      <div style={s.inline('space.100')}>
        <Spinner size="small" label="Loading the history" />
        <span style={s.subtle}>Loading the score and release-date history…</span>
      </div>
    );
  }
  if (history.status === 'error') {
    return (
      <SectionMessage appearance="warning" title="The history could not be loaded" headingLevel="h2">
        <p style={{ margin: 0 }}>{history.error.message}</p>
      </SectionMessage>
    );
  }
  return (
    <>
      <LevelTrends history={history.data} />
      <VersionSlips history={history.data} />
    </>
  );
}

function WeakestLevelCard({ health }: { health: ProjectHealthDto }) {
  const weakest = health.levels.find((l) => l.level === health.weakestLevel);
  const allPerfect = health.levels.every((l) => l.score >= 100);
  const absent = [...health.levels].filter((l) => l.absent).sort((a, b) => a.level - b.level);
  if (absent.length > 1) {
    // Several levels have nothing: name them all, as the diagnosis does, rather than one of them.
    return (
      <div style={{ ...s.card, ...s.stack('space.100') }} data-testid="weakest-level">
        <h3 style={s.eyebrow}>Weakest levels</h3>
        <span style={s.bigNumber}>{absent.length} of 5 levels absent</span>
        <ScoreBar score={0} band="absent" label="Score of the absent levels" />
        <span style={s.subtle}>
          Nothing carries {absent.map((l) => `level ${l.level} (${l.name}: ${LEVEL_INFO[l.level].carriedBy})`).join(', ')}. Start at the top:
          each level feeds the ones below.
        </span>
      </div>
    );
  }
  return (
    <div style={{ ...s.card, ...s.stack('space.100') }} data-testid="weakest-level">
      <h3 style={s.eyebrow}>Weakest level</h3>
      {allPerfect || !weakest ? (
        <>
          <span style={s.bigNumber}>None</span>
          <span style={s.subtle}>Every level scores 100.</span>
        </>
      ) : (
        <>
          <span style={s.bigNumber}>
            Level {weakest.level} · {weakest.name}
          </span>
          <ScoreBar score={weakest.score} band={levelHealth(weakest)} label={`${weakest.name} score`} />
          <span style={s.subtle}>
            {weakest.absent
              ? `The project has nothing at this level (${LEVEL_INFO[weakest.level].carriedBy}).`
              : `${plural(weakest.findings, 'finding')} across ${plural(weakest.items, 'item')}. Cadence: ${weakest.cadence}.`}
          </span>
        </>
      )}
    </div>
  );
}

/** The share of sprint work tracing to the vision, in the same bands as a score. */
function shareBand(share: number): HealthBand {
  if (share >= 80) return 'healthy';
  if (share >= 50) return 'attention';
  return 'at-risk';
}

function TraceabilityCard({ traceability, siteUrl, onOpenUrl }: { traceability: ProjectHealthDto['traceability']; siteUrl: string; onOpenUrl: (url: string) => void }) {
  const { sprintWork, tracedToVision } = traceability;
  const share = percent(tracedToVision, sprintWork);
  const untraced = sprintWork - tracedToVision;
  // Built from the stored keys the viewer may browse, checked again by issueSearch: no other text reaches the JQL.
  const search = issueSearch(siteUrl, traceability.untracedKeys ?? []);
  return (
    <div style={{ ...s.card, ...s.stack('space.100') }} data-testid="traceability">
      <h3 style={s.eyebrow}>Sprint work that traces to the vision</h3>
      {sprintWork === 0 ? (
        <>
          <span style={s.bigNumber}>No sprint work</span>
          <span style={s.subtle}>There is no open work in an active sprint to trace.</span>
        </>
      ) : (
        <>
          <span style={s.bigNumber}>{share}%</span>
          <ScoreBar score={share} band={shareBand(share)} label="Share of sprint work tracing to the vision" showNumber={false} />
          <span style={s.subtle}>
            {tracedToVision} of {plural(sprintWork, 'issue')} in active sprints trace up through an epic to a vision item.
          </span>
          {search && (
            <span style={s.stack('space.025')} data-testid="untraced-search">
              <span>
                {plural(untraced, 'issue')} {untraced === 1 ? 'does' : 'do'} not trace: <ExternalLink url={search.url} label={issueSearchLabel(search)} onOpenUrl={onOpenUrl} />
              </span>
              {search.included < untraced && (
                <span style={s.subtlest}>
                  {search.included < search.total
                    ? `The search holds the first ${search.included}: a link to Jira has room for no more.`
                    : 'Issues you cannot browse are left out of the search.'}
                </span>
              )}
            </span>
          )}
        </>
      )}
    </div>
  );
}

function Diagnoses({ health }: { health: ProjectHealthDto }) {
  if (health.findings.length === 0) {
    return (
      <SectionMessage appearance="success" title="Every level keeps its cadence" headingLevel="h2">
        <p style={{ margin: 0 }}>
          No findings as of {formatDate(health.asOf)}: all five levels are present, linked and on cadence.
        </p>
      </SectionMessage>
    );
  }
  return (
    <section aria-labelledby="diagnosis-heading" style={s.stack('space.150')}>
      <Heading size="medium" as="h2" id="diagnosis-heading">
        Diagnosis
      </Heading>
      {health.diagnosis.length === 0 ? (
        <p style={{ ...s.subtle, margin: 0 }}>
          None of the four common symptoms applies. The findings below show where single items drift from the cadence.
        </p>
      ) : (
        health.diagnosis.map((d) => (
          <SectionMessage key={d.id} appearance="warning" title={d.symptom} headingLevel="h3">
            <div style={s.stack('space.100')}>
              <p style={{ margin: 0 }}>
                <strong>Cause:</strong> {capitalize(d.cause)}.
              </p>
              {d.evidence.length > 0 && (
                <div>
                  <span style={s.subtle}>Evidence</span>
                  <ul style={s.list}>
                    {d.evidence.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          </SectionMessage>
        ))
      )}
    </section>
  );
}
