/**
 * What both resources show before their data is in: a card with a spinner that says what is
 * being read (a status for assistive technology), or the resolver's error with its title in
 * words and "Try again" where trying again can help (an alert).
 */
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import type { ResolverError } from '../../src/contract/resolvers';
import { ERROR_TITLE, isRetryable } from '../../src/frontend/shared/words';
import * as s from './styles';

export function LoadingCard({ title, detail }: { title: string; detail?: string }) {
  return (
    <div role="status" style={{ ...s.inline('space.150'), ...s.card, flex: 'none' }}>
      <Spinner size="medium" label="Loading" />
      {detail === undefined ? (
        <strong>{title}</strong>
      ) : (
        <div style={s.stack('space.050')}>
          <strong>{title}</strong>
          <span style={s.subtle}>{detail}</span>
        </div>
      )}
    </div>
  );
}

export function ErrorMessage({ error, onRetry }: { error: ResolverError; onRetry: () => void }) {
  const actions = isRetryable(error.code) ? [<SectionMessageAction key="retry" onClick={onRetry}>Try again</SectionMessageAction>] : [];
  return (
    <div role="alert">
      <SectionMessage appearance="error" title={ERROR_TITLE[error.code]} headingLevel="h2" actions={actions}>
        <p style={{ margin: 0 }}>{error.message}</p>
      </SectionMessage>
    </div>
  );
}
