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
  FormSection,
  Heading,
  HelperMessage,
  Inline,
  Label,
  LoadingButton,
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
  describeDocument,
  fieldGroups,
  helpText,
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
      <ScopePicker model={model} actions={actions} />
      {model.banner && <BannerView banner={model.banner} onReload={actions.onReload} />}
      <ConfigSection model={model} actions={actions} />
      <HistorySection model={model} actions={actions} />
    </Stack>
  );
}

function ScopePicker({ model, actions }: { model: AdminModel; actions: AdminActions }) {
  if (model.scope.kind === 'project') {
    return (
      <Inline space="space.150" alignBlock="center" shouldWrap>
        <Text>
          Editing the override for project <Text weight="bold">{model.scope.projectKey}</Text>: settings saved here
          apply to that project only.
        </Text>
        <Button appearance="subtle" onClick={actions.onEditSite}>
          Back to site settings
        </Button>
      </Inline>
    );
  }
  return (
    <Stack space="space.100">
      <Text>Editing the site settings: every project uses them unless it has an override of its own.</Text>
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
        <Button onClick={actions.onEditProject}>Edit project override</Button>
      </Inline>
      {model.projectKeyError && <ErrorMessage>{model.projectKeyError}</ErrorMessage>}
    </Stack>
  );
}

function BannerView({ banner, onReload }: { banner: Banner; onReload: () => void }) {
  return (
    <Stack space="space.100">
      <SectionMessage appearance={banner.appearance} title={banner.title}>
        <Stack space="space.050">
          {banner.messages.map((m) => (
            <Text key={m}>{m}</Text>
          ))}
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
  return (
    <Stack space="space.200">
      <CurrentVersion state={state} />
      <Form onSubmit={actions.onSave}>
        <Stack space="space.300">
          {fieldGroups().map((group) => (
            <FormSection key={group.level} title={group.title}>
              <Stack space="space.200">
                {group.fields.map((f) => (
                  <Field key={f.key} spec={f} model={model} state={state} actions={actions} />
                ))}
              </Stack>
            </FormSection>
          ))}
          {model.confirmingReset ? (
            <SectionMessage appearance="warning" title="Reset every setting to its default?">
              <Stack space="space.100">
                <Text>
                  The current settings stay in the history below, so you can restore them later.
                </Text>
                <ButtonGroup label="Confirm reset">
                  <LoadingButton appearance="danger" isLoading={model.busy === 'reset'} onClick={actions.onConfirmReset}>
                    Reset to defaults
                  </LoadingButton>
                  <Button appearance="subtle" onClick={actions.onCancelReset}>
                    Cancel
                  </Button>
                </ButtonGroup>
              </Stack>
            </SectionMessage>
          ) : (
            <FormFooter align="start">
              <ButtonGroup label="Settings actions">
                <LoadingButton appearance="primary" type="submit" isLoading={model.busy === 'save'} isDisabled={model.busy !== null && model.busy !== 'save'}>
                  Save
                </LoadingButton>
                <Button appearance="subtle" isDisabled={!model.dirty || model.busy !== null} onClick={actions.onDiscard}>
                  Discard changes
                </Button>
                <Button appearance="subtle" isDisabled={model.busy !== null || state.version === 0} onClick={actions.onAskReset}>
                  Reset to defaults
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

function Field({
  spec,
  model,
  state,
  actions,
}: {
  spec: ConfigFieldSpec;
  model: AdminModel;
  state: ConfigStateDto;
  actions: AdminActions;
}) {
  const id = fieldId(spec.key);
  const error = model.fieldErrors[spec.key];
  const value = model.values[spec.key] ?? '';
  const label = spec.unit === 'hierarchy level' ? spec.label : `${spec.label} (${spec.unit})`;
  return (
    <Box xcss={fieldBox}>
      <Stack space="space.050">
        <Label labelFor={id}>{label}</Label>
        {spec.unit === 'hierarchy level' ? (
          <Select
            inputId={id}
            name={spec.key}
            isInvalid={error !== undefined}
            options={hierarchyOptions(spec)}
            value={hierarchyOptions(spec).find((o) => o.value === value) ?? { label: value, value }}
            onChange={(option: { value?: unknown } | null) => actions.onChange(spec.key, String(option?.value ?? ''))}
          />
        ) : (
          <Textfield
            id={id}
            name={spec.key}
            type="number"
            min={spec.min}
            max={spec.max}
            width={120}
            value={value}
            isInvalid={error !== undefined}
            onChange={(e) => actions.onChange(spec.key, String(e.target.value ?? ''))}
          />
        )}
        {error !== undefined ? <ErrorMessage>{error}</ErrorMessage> : <HelperMessage>{helpText(spec, state.defaults)}</HelperMessage>}
      </Stack>
    </Box>
  );
}

function hierarchyOptions(spec: ConfigFieldSpec): { label: string; value: string }[] {
  const options: { label: string; value: string }[] = [];
  for (let n = spec.min; n <= spec.max; n++) {
    options.push({ label: n === 2 ? '2 (Initiative, the first level above Epic)' : `${n} (a custom level above Epic)`, value: String(n) });
  }
  return options;
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
      {history.status === 'error' ? (
        <SectionMessage appearance="error" title={ERROR_TITLE[history.error.code]}>
          <Text>{history.error.message}</Text>
        </SectionMessage>
      ) : (
        <DynamicTable
          caption="The last 20 versions of these settings, newest first"
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
