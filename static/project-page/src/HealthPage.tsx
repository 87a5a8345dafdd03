/**
 * The project page: pure view of the health/project resolver's state (props in, page out).
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import type { ProjectHealthDto, ResolverError } from '../../../src/contract/resolvers';
import { LEVEL_INFO } from '../../../src/core/levels';
import type { Loadable } from '../../../src/frontend/shared/use-resolver';
import { ERROR_TITLE, formatDate, formatDateTime, isRetryable, percent, plural } from '../../../src/frontend/shared/words';
import { LevelsTable } from './LevelsTable';
import { ScoreBar } from './ScoreBar';
import * as s from './styles';

export interface HealthPageProps {
  state: Loadable<ProjectHealthDto>;
  onRetry: () => void;
  onRefresh: () => void;
  onOpenUrl: (url: string) => void;
}

export function HealthPage({ state, onRetry, onRefresh, onOpenUrl }: HealthPageProps) {
  return (
    <main style={s.page} aria-busy={state.status === 'loading' || (state.status === 'ready' && state.refreshing)}>
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={onRetry} />}
      {state.status === 'ready' && (
        <Report health={state.data} refreshing={state.refreshing} onRefresh={onRefresh} onOpenUrl={onOpenUrl} />
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
      <div role="status" style={{ ...s.inline('space.150'), ...s.card, flex: 'none' }}>
        <Spinner size="medium" label="Loading" />
        <div style={s.stack('space.050')}>
          <strong>Checking the five planning levels…</strong>
          <span style={s.subtle}>Reading initiatives, epics, versions, sprints and work in progress from Jira.</span>
        </div>
      </div>
    </div>
  );
}

function ErrorState({ error, onRetry }: { error: ResolverError; onRetry: () => void }) {
  const actions = isRetryable(error.code) ? [<SectionMessageAction key="retry" onClick={onRetry}>Try again</SectionMessageAction>] : [];
  return (
    <div style={s.stack('space.300')}>
      <PageTitle />
      <div role="alert">
        <SectionMessage appearance="error" title={ERROR_TITLE[error.code]} headingLevel="h2" actions={actions}>
          <p style={{ margin: 0 }}>{error.message}</p>
        </SectionMessage>
      </div>
    </div>
  );
}

interface ReportProps {
  health: ProjectHealthDto;
  refreshing: boolean;
  onRefresh: () => void;
  onOpenUrl: (url: string) => void;
}

function Report({ health, refreshing, onRefresh, onOpenUrl }: ReportProps) {
  const levels = [...health.levels].sort((a, b) => a.level - b.level);
  return (
    <div style={s.stack('space.400')}>
      <header style={{ ...s.inline('space.200'), justifyContent: 'space-between' }}>
        <div style={s.stack('space.050')}>
          <PageTitle />
          <span style={s.subtle}>
            {health.project.name} ({health.project.key}) · as of {formatDate(health.asOf)}
          </span>
        </div>
        <div style={s.inline('space.150')}>
          <span style={s.subtlest}>Computed {formatDateTime(health.computedAt)}</span>
          <Button onClick={onRefresh} isLoading={refreshing}>
            Refresh
          </Button>
        </div>
      </header>
      <div aria-live="polite" style={s.visuallyHidden}>
        {refreshing ? 'Refreshing the planning levels…' : ''}
      </div>

      <section aria-labelledby="summary-heading" style={s.stack('space.200')}>
        <h2 id="summary-heading" style={s.visuallyHidden}>
          Summary
        </h2>
        <div style={s.cardRow}>
          <WeakestLevelCard health={health} />
          <TraceabilityCard traceability={health.traceability} />
        </div>
      </section>

      <Diagnoses health={health} />

      <section aria-labelledby="levels-heading" style={s.stack('space.150')}>
        <Heading size="medium" as="h2" id="levels-heading">
          The five levels
        </Heading>
        <LevelsTable levels={levels} findings={health.findings} weakestLevel={health.weakestLevel} onOpenUrl={onOpenUrl} />
      </section>
    </div>
  );
}

function WeakestLevelCard({ health }: { health: ProjectHealthDto }) {
  const weakest = health.levels.find((l) => l.level === health.weakestLevel);
  const allPerfect = health.levels.every((l) => l.score >= 100);
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
          <ScoreBar score={weakest.score} absent={weakest.absent} label={`${weakest.name} score`} />
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

function TraceabilityCard({ traceability }: { traceability: ProjectHealthDto['traceability'] }) {
  const { sprintWork, tracedToVision } = traceability;
  const share = percent(tracedToVision, sprintWork);
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
          <ScoreBar score={share} absent={false} label="Share of sprint work tracing to the vision" showNumber={false} />
          <span style={s.subtle}>
            {tracedToVision} of {plural(sprintWork, 'issue')} in active sprints trace up through an epic to a vision item.
          </span>
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

function capitalize(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text;
}
