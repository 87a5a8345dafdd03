/**
 * The admin page's view: pure (model and callbacks in, UI Kit tree out). AdminPage.tsx owns the
 * state and the resolver calls.
 */
import {
  Box,
  Button,
  ButtonGroup,
  DynamicTable,
  ErrorMessage,
  Form,
  FormFooter,
  Heading,
  HelperMessage,
  Inline,
  Label,
  LoadingButton,
  Lozenge,
  Select,
  SectionMessage,
  Spinner,
  Stack,
  Text,
  Textfield,
  User,
  xcss,
} from '@forge/react';
import type { ConfigHistoryEntryDto, ConfigScope, ConfigStateDto, ResolverError } from '../../contract/resolvers';
import type { ConfigFieldSpec } from '../../core/config';
import type { Loadable } from '../shared/use-resolver';
import { ERROR_TITLE, formatDateTime } from '../shared/words';
import {
  ACTION_LABEL,
  FIELD_SOURCE_LABEL,
  describeDocument,
  fieldGroups,
  fieldSource,
  hasOverride,
  helpText,
  hierarchyOptions,
  isAccountId,
  type FieldErrors,
  type FormValues,
} from './form-model';

export interface Banner {
  appearance: 'success' | 'error' | 'warning' | 'information';
  title: string;
  messages: string[];
  /** A conflict offers a reload. */
  conflict?: boolean;
  /** A failed save: the first field to fix (the summary's button, focused when it appears, goes there). */
  firstErrorKey?: string;
}

export type Busy = null | 'save' | 'reset' | 'restore';

export interface AdminModel {
  scope: ConfigScope;
  config: Loadable<ConfigStateDto>;
  history: Loadable<{ entries: ConfigHistoryEntryDto[] }>;
  values: FormValues;
  /** Messages shown next to the fields (client and server). */
  fieldErrors: FieldErrors;
  dirty: boolean;
  banner: Banner | null;
  busy: Busy;
  confirmingReset: boolean;
  projectKey: string;
  projectKeyError: string | null;
  /** The field to focus (a new nonce each time the summary's button is pressed). */
  focus: { key: string; nonce: number } | null;
}

export interface AdminActions {
  onChange: (key: string, value: string) => void;
  onSave: () => void;
  onDiscard: () => void;
  onAskReset: () => void;
  onCancelReset: () => void;
  onConfirmReset: () => void;
  onRestore: (version: number) => void;
  onReload: () => void;
  onProjectKeyChange: (value: string) => void;
  onEditProject: () => void;
  onEditSite: () => void;
  onGoToField: (key: string) => void;
}

const fieldId = (key: string) => `field-${key.replace(/\./g, '-')}`;

export function AdminView({ model, actions }: { model: AdminModel; actions: AdminActions }) {
  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Heading size="large" as="h1">
          Planning levels settings
        </Heading>
        <Text color="color.text.subtle">
          The cadences and thresholds behind every finding: how long a sprint should be, how far apart releases
          are, when an epic or in-progress work counts as stale.
        </Text>
      </Stack>
      {readOnly(model) && (
        <SectionMessage appearance="information" title="You can see these settings, but not change them">
          <Text>Only Jira administrators can change the planning levels settings or see their history. Ask one of them to change a setting.</Text>
        </SectionMessage>
      )}
      <ScopePicker model={model} actions={actions} />
      {model.banner && <BannerView banner={model.banner} onReload={actions.onReload} onGoToField={actions.onGoToField} />}
      <ConfigSection model={model} actions={actions} />
      <HistorySection model={model} actions={actions} />
    </Stack>
  );
}

/** A member (not a Jira admin) sees the settings read-only: no enabled field or button that changes them. */
function readOnly(model: AdminModel): boolean {
  return model.config.status === 'ready' && model.config.data.canEdit === false;
}

function fieldLabel(key: string): string {
  const spec = fieldGroups()
    .flatMap((g) => g.fields)
    .find((f) => f.key === key);
  return spec?.label ?? key;
}

function ScopePicker({ model, actions }: { model: AdminModel; actions: AdminActions }) {
  if (model.scope.kind === 'project') {
    return (
      <Inline space="space.150" alignBlock="center" shouldWrap>
        <Text>
          {readOnly(model) ? 'The override for project ' : 'Editing the override for project '}
          <Text weight="bold">{model.scope.projectKey}</Text>: settings saved here apply to that project only; the others follow the
          site settings.
        </Text>
        <Button appearance="subtle" onClick={actions.onEditSite}>
          Back to site settings
        </Button>
      </Inline>
    );
  }
  return (
    <Stack space="space.100">
      <Text>
        {readOnly(model) ? 'The site settings' : 'Editing the site settings'}: every project uses them unless it has an override of its own.
      </Text>
      <Inline space="space.100" alignBlock="end" shouldWrap>
        <Stack space="space.050">
          <Label labelFor="project-key">Project key for an override (optional)</Label>
          <Textfield
            id="project-key"
            name="projectKey"
            placeholder="ACME"
            width={160}
            value={model.projectKey}
            isInvalid={model.projectKeyError !== null}
            onChange={(e) => actions.onProjectKeyChange(String(e.target.value ?? ''))}
          />
        </Stack>
        <Button onClick={actions.onEditProject}>{readOnly(model) ? 'Show project override' : 'Edit project override'}</Button>
      </Inline>
      {model.projectKeyError && <ErrorMessage>{model.projectKeyError}</ErrorMessage>}
    </Stack>
  );
}

function BannerView({ banner, onReload, onGoToField }: { banner: Banner; onReload: () => void; onGoToField: (key: string) => void }) {
  const { firstErrorKey } = banner;
  return (
    <Stack space="space.100">
      <SectionMessage appearance={banner.appearance} title={banner.title}>
        <Stack space="space.100">
          <Stack space="space.050">
            {banner.messages.map((m) => (
              <Text key={m}>{m}</Text>
            ))}
          </Stack>
          {firstErrorKey !== undefined && (
            // The summary takes the focus when it appears (so the browser scrolls it into view and a
            // screen reader reads it); its button goes on to the first field to fix.
            <Inline>
              <Button key={`go-${banner.messages.join('|')}`} autoFocus onClick={() => onGoToField(firstErrorKey)}>
                {`Go to “${fieldLabel(firstErrorKey)}”`}
              </Button>
            </Inline>
          )}
        </Stack>
      </SectionMessage>
      {banner.conflict && (
        <Inline>
          <Button appearance="primary" onClick={onReload}>
            Reload the latest settings
          </Button>
        </Inline>
      )}
    </Stack>
  );
}

function ConfigSection({ model, actions }: { model: AdminModel; actions: AdminActions }) {
  const { config } = model;
  if (config.status === 'loading') {
    return (
      <Inline space="space.100" alignBlock="center">
        <Spinner size="medium" label="Loading the settings" />
        <Text color="color.text.subtle">Loading the settings…</Text>
      </Inline>
    );
  }
  if (config.status === 'error') return <LoadError error={config.error} onRetry={actions.onReload} />;
  const state = config.data;
  const locked = readOnly(model);
  const project = state.scope.kind === 'project' ? state.scope.projectKey : null;
  const canReset = project !== null ? hasOverride(state) : state.version > 0 && state.stored !== null && Object.keys(state.stored).length > 0;
  return (
    <Stack space="space.200">
      <CurrentVersion state={state} />
      <Form onSubmit={actions.onSave}>
        <Stack space="space.400">
          {fieldGroups().map((group) => (
            <Stack key={group.level} space="space.150">
              <Heading size="small" as="h2">
                {group.title}
              </Heading>
              <Stack space="space.200">
                {group.fields.map((f) => (
                  <Field key={f.key} spec={f} model={model} state={state} actions={actions} locked={locked} />
                ))}
              </Stack>
            </Stack>
          ))}
          {model.confirmingReset ? (
            <SectionMessage
              appearance="warning"
              title={project !== null ? `Remove the override of project ${project}?` : 'Reset every site setting to its default?'}
            >
              <Stack space="space.150">
                <Text>
                  {project !== null
                    ? `Project ${project} will follow the site settings again. The override stays in the history below, so you can restore it later.`
                    : 'The current settings stay in the history below, so you can restore them later.'}
                </Text>
                <Inline space="space.100" shouldWrap>
                  <LoadingButton appearance="danger" isLoading={model.busy === 'reset'} onClick={actions.onConfirmReset}>
                    {project !== null ? 'Remove override' : 'Reset to defaults'}
                  </LoadingButton>
                  <Button appearance="subtle" onClick={actions.onCancelReset}>
                    Cancel
                  </Button>
                </Inline>
              </Stack>
            </SectionMessage>
          ) : (
            <FormFooter align="start">
              <ButtonGroup label="Settings actions">
                <LoadingButton appearance="primary" type="submit" isLoading={model.busy === 'save'} isDisabled={locked || (model.busy !== null && model.busy !== 'save')}>
                  Save
                </LoadingButton>
                <Button appearance="subtle" isDisabled={locked || !model.dirty || model.busy !== null} onClick={actions.onDiscard}>
                  Discard changes
                </Button>
                <Button appearance="subtle" isDisabled={locked || model.busy !== null || !canReset} onClick={actions.onAskReset}>
                  {project !== null ? 'Remove override' : 'Reset to defaults'}
                </Button>
              </ButtonGroup>
            </FormFooter>
          )}
        </Stack>
      </Form>
    </Stack>
  );
}

function LoadError({ error, onRetry }: { error: ResolverError; onRetry: () => void }) {
  return (
    <Stack space="space.100">
      <SectionMessage appearance="error" title={ERROR_TITLE[error.code]}>
        <Text>{error.message}</Text>
      </SectionMessage>
      {error.code !== 'FORBIDDEN' && (
        <Inline>
          <Button onClick={onRetry}>Try again</Button>
        </Inline>
      )}
    </Stack>
  );
}

function Who({ who }: { who: string }) {
  return isAccountId(who) ? <User accountId={who} /> : <Text>{who}</Text>;
}

function CurrentVersion({ state }: { state: ConfigStateDto }) {
  if (state.scope.kind === 'project' && !hasOverride(state)) {
    return (
      <Text color="color.text.subtle">
        {state.version === 0
          ? 'No override: the site settings apply.'
          : `No override: the site settings apply (the override was removed in version ${state.version}).`}
      </Text>
    );
  }
  if (state.version === 0) {
    return <Text color="color.text.subtle">Nothing saved yet: the defaults apply.</Text>;
  }
  return (
    <Inline space="space.075" alignBlock="center" shouldWrap>
      <Text color="color.text.subtle">{`Version ${state.version}, saved`}</Text>
      {state.savedBy && (
        <>
          <Text color="color.text.subtle">by</Text>
          <Who who={state.savedBy} />
        </>
      )}
      {state.savedAt && <Text color="color.text.subtle">{`on ${formatDateTime(state.savedAt)}`}</Text>}
    </Inline>
  );
}

// UI Kit's size tokens stop at 'size.1000' (12rem); 'size.600' (6rem) squeezed each label and its
// help into 96px. The number fields keep their own width (120px); the help text uses the row.
const fieldBox = xcss({ maxWidth: '100%' });
// Every field the same width: the number fields and the vision level's select (UI Kit's size.1000, 12rem).
const FIELD_WIDTH = 192;
const selectBox = xcss({ maxWidth: '100%', width: 'size.1000' });

function Field({
  spec,
  model,
  state,
  actions,
  locked,
}: {
  spec: ConfigFieldSpec;
  model: AdminModel;
  state: ConfigStateDto;
  actions: AdminActions;
  locked: boolean;
}) {
  const id = fieldId(spec.key);
  const source = fieldSource(state, spec.key);
  const focus = model.focus?.key === spec.key ? model.focus : null;
  const options = hierarchyOptions(spec, state.hierarchyLevels);
  const error = model.fieldErrors[spec.key];
  const value = model.values[spec.key] ?? '';
  const label = spec.unit === 'hierarchy level' ? spec.label : `${spec.label} (${spec.unit})`;
  return (
    <Box xcss={fieldBox}>
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Label labelFor={id}>{label}</Label>
          <Lozenge appearance={source === 'overridden' || source === 'site-set' ? 'inprogress' : 'default'}>{FIELD_SOURCE_LABEL[source]}</Lozenge>
        </Inline>
        {spec.unit === 'hierarchy level' ? (
          <Box xcss={selectBox}>
            <Select
              key={focus ? `focus-${focus.nonce}` : 'select'}
              inputId={id}
              name={spec.key}
              autoFocus={focus !== null}
              isDisabled={locked}
              isInvalid={error !== undefined}
              options={options}
              value={options.find((o) => o.value === value) ?? { label: value, value }}
              onChange={(option: { value?: unknown } | null) => actions.onChange(spec.key, String(option?.value ?? ''))}
            />
          </Box>
        ) : (
          <Textfield
            key={focus ? `focus-${focus.nonce}` : 'field'}
            id={id}
            name={spec.key}
            type="number"
            min={spec.min}
            max={spec.max}
            width={FIELD_WIDTH}
            value={value}
            autoFocus={focus !== null}
            isReadOnly={locked}
            isInvalid={error !== undefined}
            onChange={(e) => actions.onChange(spec.key, String(e.target.value ?? ''))}
          />
        )}
        {error !== undefined ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>{helpText(spec, state.defaults)}</HelperMessage>}
      </Stack>
    </Box>
  );
}

function HistorySection({ model, actions }: { model: AdminModel; actions: AdminActions }) {
  const { history, config } = model;
  const currentVersion = config.status === 'ready' ? config.data.version : -1;
  const entries = history.status === 'ready' ? history.data.entries : [];
  const head = {
    cells: [
      { key: 'version', content: 'Version' },
      { key: 'action', content: 'Change' },
      { key: 'who', content: 'By' },
      { key: 'when', content: 'When' },
      { key: 'settings', content: 'Settings' },
      { key: 'restore', content: 'Restore' },
    ],
  };
  const rows = entries.map((e) => ({
    key: `v${e.version}`,
    cells: [
      { key: 'version', content: <Text>{String(e.version)}</Text> },
      { key: 'action', content: <Text>{ACTION_LABEL[e.action]}</Text> },
      { key: 'who', content: <Who who={e.savedBy} /> },
      { key: 'when', content: <Text>{formatDateTime(e.savedAt)}</Text> },
      { key: 'settings', content: <Text>{describeDocument(e.config)}</Text> },
      {
        key: 'restore',
        content:
          e.version === currentVersion ? (
            <Text color="color.text.subtle">Current</Text>
          ) : (
            <Button spacing="compact" isDisabled={model.busy !== null} onClick={() => actions.onRestore(e.version)}>
              {`Restore version ${e.version}`}
            </Button>
          ),
      },
    ],
  }));
  return (
    <Stack space="space.100">
      <Heading size="medium" as="h2">
        History
      </Heading>
      {history.status !== 'error' && <Text color="color.text.subtle">The last 20 versions of these settings, newest first.</Text>}
      {history.status === 'error' && history.error.code === 'FORBIDDEN' && readOnly(model) ? (
        <Text color="color.text.subtle">Only Jira administrators can see the history of the settings.</Text>
      ) : history.status === 'error' ? (
        <SectionMessage appearance="error" title={ERROR_TITLE[history.error.code]}>
          <Text>{history.error.message}</Text>
        </SectionMessage>
      ) : (
        <DynamicTable
          label="The last 20 versions of these settings, newest first"
          head={head}
          rows={rows}
          isLoading={history.status === 'loading'}
          emptyView={<Text>Nothing saved yet.</Text>}
          rowsPerPage={10}
        />
      )}
    </Stack>
  );
}
