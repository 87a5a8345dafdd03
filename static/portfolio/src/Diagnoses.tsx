/**
 * The diagnoses of the portfolio: each symptom with how many of the analysed projects it
 * applies to, and those projects (each opens its page).
 */
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { PortfolioDto, PortfolioProjectDto } from '../../../src/contract/resolvers';
import { DIAGNOSIS_IDS, DIAGNOSIS_SYMPTOMS } from '../../../src/core/diagnosis';
import * as s from '../../shared/styles';
import { ProjectLink, type ProjectLinks } from './ProjectLink';

export interface DiagnosesProps {
  summary: NonNullable<PortfolioDto['summary']>;
  projects: readonly PortfolioProjectDto[];
  links: ProjectLinks;
}

function diagnosisLine(id: (typeof DIAGNOSIS_IDS)[number], count: number, of: number): string {
  return `${DIAGNOSIS_SYMPTOMS[id]}: ${count} of ${of} ${of === 1 ? 'project' : 'projects'}`;
}

export function Diagnoses({ summary, projects, links }: DiagnosesProps) {
  const byKey = new Map(projects.map((p) => [p.key, p]));
  const order = (id: (typeof DIAGNOSIS_IDS)[number]) => DIAGNOSIS_IDS.indexOf(id);
  const entries = [...summary.diagnosis].filter((d) => d.projects.length > 0).sort((a, b) => order(a.id) - order(b.id));
  return (
    <section aria-labelledby="diagnoses-heading" style={s.stack('space.150')}>
      <Heading size="medium" as="h2" id="diagnoses-heading">
        Diagnoses
      </Heading>
      {entries.length === 0 ? (
        <p style={{ ...s.subtle, margin: 0 }}>None of the four diagnoses applies to any analysed project.</p>
      ) : (
        <ul style={{ ...s.list, listStyle: 'none', paddingInlineStart: 0, ...s.stack('space.150') }} data-testid="diagnoses">
          {entries.map((d) => (
            <li key={d.id} style={{ ...s.card, flex: 'none' }} data-testid={`diagnosis-${d.id}`}>
              <strong>{diagnosisLine(d.id, d.projects.length, summary.analysedProjects)}</strong>
              <ul style={{ ...s.inline('space.100'), listStyle: 'none', margin: `${token('space.100')} 0 0`, padding: 0 }} aria-label={`Projects where “${DIAGNOSIS_SYMPTOMS[d.id]}” applies`}>
                {d.projects.map((key) => {
                  const p = byKey.get(key);
                  const name = p ? `${p.name} (${key})` : key;
                  return (
                    <li key={key}>
                      <ProjectLink project={p ?? { key }} links={links}>
                        {name}
                      </ProjectLink>
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
