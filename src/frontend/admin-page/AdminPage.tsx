/**
 * The admin page's state and resolver calls; AdminView renders it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  ConfigHistoryEntryDto,
  ConfigScope,
  ConfigStateDto,
  ResolverError,
  ResolverResponse,
} from '../../contract/resolvers';
import { callResolver } from '../shared/call-resolver';
import type { Loadable } from '../shared/use-resolver';
import { CONFIG_FIELDS } from '../../core/config';
import { capitalize, ERROR_TITLE } from '../shared/words';
import { AdminView, type AdminActions, type AdminModel, type Banner, type Busy } from './AdminView';
import {
  PROJECT_KEY_PATTERN,
  documentToSave,
  isDirty,
  splitServerErrors,
  validateValues,
  valuesFromConfig,
  type FieldErrors,
  type FormValues,
} from './form-model';

const SITE: ConfigScope = { kind: 'site' };

function scopeName(scope: ConfigScope): string {
  return scope.kind === 'site' ? 'the site settings' : `the settings of project ${scope.projectKey}`;
}

export function AdminPage() {
  const [scope, setScope] = useState<ConfigScope>(SITE);
  const [config, setConfig] = useState<Loadable<ConfigStateDto>>({ status: 'loading' });
  const [history, setHistory] = useState<Loadable<{ entries: ConfigHistoryEntryDto[] }>>({ status: 'loading' });
  const [values, setValues] = useState<FormValues>({});
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<Banner | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [projectKey, setProjectKey] = useState('');
  const [projectKeyError, setProjectKeyError] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ key: string; nonce: number } | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  /** Shows a stored config in the form, dropping edits and messages about the old one. */
  const adopt = useCallback((state: ConfigStateDto) => {
    setConfig({ status: 'ready', data: state, refreshing: false });
    setValues(valuesFromConfig(state.config));
    setEdited(new Set());
    setSubmitted(false);
    setServerErrors({});
  }, []);

  const loadHistory = useCallback(async (forScope: ConfigScope) => {
    const response = await callResolver('config/history', { scope: forScope });
    if (!mounted.current) return;
    setHistory(response.ok ? { status: 'ready', data: response.data, refreshing: false } : { status: 'error', error: response.error });
  }, []);

  const load = useCallback(
    async (forScope: ConfigScope) => {
      setConfig({ status: 'loading' });
      setHistory({ status: 'loading' });
      const [response] = await Promise.all([callResolver('config/get', { scope: forScope }), loadHistory(forScope)]);
      if (!mounted.current) return;
      if (response.ok) adopt(response.data);
      else setConfig({ status: 'error', error: response.error });
    },
    [adopt, loadHistory],
  );

  useEffect(() => {
    void load(scope);
  }, [load, scope]);

  const clientErrors = useMemo(() => (config.status === 'ready' ? validateValues(values) : {}), [config.status, values]);
  const fieldErrors = useMemo(() => {
    const shown: FieldErrors = {};
    for (const [key, message] of Object.entries(clientErrors)) if (submitted || edited.has(key)) shown[key] = message;
    for (const [key, message] of Object.entries(serverErrors)) shown[key] ??= message;
    return shown;
  }, [clientErrors, serverErrors, edited, submitted]);

  /** Handles a resolver's answer to save, reset or restore. */
  const settle = useCallback(
    (response: ResolverResponse<ConfigStateDto>, forScope: ConfigScope, success: string) => {
      if (!mounted.current) return;
      if (response.ok) {
        adopt(response.data);
        setBanner({ appearance: 'success', title: success, messages: [`${capitalize(scopeName(forScope))} are now version ${response.data.version}.`] });
        void loadHistory(forScope);
        return;
      }
      const banner = errorBanner(response.error);
      if (response.error.code === 'INVALID_CONFIG' || response.error.code === 'INVALID_PAYLOAD') {
        const { byKey } = splitServerErrors(response.error.fieldErrors);
        setServerErrors(byKey);
        const first = firstFieldWithError(byKey);
        if (first !== undefined) banner.firstErrorKey = first;
      }
      setBanner(banner);
    },
    [adopt, loadHistory],
  );

  const actions: AdminActions = {
    onChange: (key, value) => {
      setValues((prev) => ({ ...prev, [key]: value }));
      setEdited((prev) => new Set(prev).add(key));
      setServerErrors((prev) => {
        if (prev[key] === undefined) return prev;
        const next = { ...prev };
        delete next[key];
        return next;
      });
    },
    onSave: () => {
      if (config.status !== 'ready' || busy !== null) return;
      setSubmitted(true);
      const errors = validateValues(values);
      const count = Object.keys(errors).length;
      if (count > 0) {
        const first = firstFieldWithError(errors);
        setBanner({
          appearance: 'error',
          title: 'Nothing was saved',
          messages: [`${count === 1 ? 'One setting needs' : `${count} settings need`} fixing: see the messages next to the fields.`],
          ...(first !== undefined ? { firstErrorKey: first } : {}),
        });
        return;
      }
      const state = config.data;
      setBusy('save');
      setBanner(null);
      void callResolver('config/save', { scope, config: documentToSave(values, state), expectedVersion: state.version }).then((response) => {
        if (!mounted.current) return;
        setBusy(null);
        settle(response, scope, 'Settings saved');
      });
    },
    onDiscard: () => {
      if (config.status === 'ready') adopt(config.data);
      setBanner(null);
    },
    onAskReset: () => setConfirmingReset(true),
    onCancelReset: () => setConfirmingReset(false),
    onConfirmReset: () => {
      if (config.status !== 'ready' || busy !== null) return;
      setBusy('reset');
      setBanner(null);
      void callResolver('config/reset', { scope, expectedVersion: config.data.version }).then((response) => {
        if (!mounted.current) return;
        setBusy(null);
        setConfirmingReset(false);
        const removed = config.data.scope.kind === 'project';
        settle(response, scope, removed ? 'Override removed: the site settings apply' : 'Settings reset to the defaults');
      });
    },
    onRestore: (version) => {
      if (config.status !== 'ready' || busy !== null) return;
      setBusy('restore');
      setBanner(null);
      void callResolver('config/restore', { scope, version, expectedVersion: config.data.version }).then((response) => {
        if (!mounted.current) return;
        setBusy(null);
        settle(response, scope, `Version ${version} restored`);
      });
    },
    onReload: () => {
      setBanner(null);
      void load(scope);
    },
    onProjectKeyChange: (value) => {
      setProjectKey(value.toUpperCase());
      setProjectKeyError(null);
    },
    onEditProject: () => {
      const key = projectKey.trim();
      if (!PROJECT_KEY_PATTERN.test(key)) {
        setProjectKeyError('Enter a Jira project key, such as ACME.');
        return;
      }
      setBanner(null);
      setConfirmingReset(false);
      setScope({ kind: 'project', projectKey: key });
    },
    onGoToField: (key) => setFocus((prev) => ({ key, nonce: (prev?.nonce ?? 0) + 1 })),
    onEditSite: () => {
      setBanner(null);
      setConfirmingReset(false);
      setScope(SITE);
    },
  };

  const model: AdminModel = {
    scope,
    config,
    history,
    values,
    fieldErrors,
    dirty: config.status === 'ready' && isDirty(values, config.data.config),
    banner,
    busy,
    confirmingReset,
    projectKey,
    projectKeyError,
    focus,
  };
  return <AdminView model={model} actions={actions} />;
}

function errorBanner(error: ResolverError): Banner {
  if (error.code === 'CONFLICT') {
    return {
      appearance: 'warning',
      title: 'Someone else saved these settings first',
      messages: [
        'Your change was not saved, so nothing of theirs was overwritten.',
        'Reload to see the latest settings, then make your change again.',
      ],
      conflict: true,
    };
  }
  if (error.code === 'INVALID_CONFIG') {
    const { other } = splitServerErrors(error.fieldErrors);
    return { appearance: 'error', title: 'Nothing was saved', messages: [error.message, ...other] };
  }
  return { appearance: 'error', title: ERROR_TITLE[error.code], messages: [error.message] };
}

/** The first field (in the form's order) with a message. */
function firstFieldWithError(errors: FieldErrors): string | undefined {
  return CONFIG_FIELDS.map((f) => f.key).find((key) => errors[key] !== undefined);
}
