/**
 * Renders a UI Kit module's ForgeDoc with the Atlaskit components UI Kit stands for, as Jira's
 * UI Kit renderer does: every component the app's UI Kit modules use (src/frontend). A type
 * the preview does not know is an error (thrown, shown in the page and logged to the console),
 * never a silent placeholder.
 */
import Avatar from '@atlaskit/avatar';
import ButtonGroup from '@atlaskit/button/button-group';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Form, { ErrorMessage, FormFooter, FormSection, HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Link from '@atlaskit/link';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text, xcss } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { Fragment, type ComponentProps, type ReactNode } from 'react';
import type { PreviewUser } from '../protocol';
import { elementToDocs, isReactElement, type ForgeDoc } from './forge-doc';
import type { KnownComponent } from './known-components';

export class UnknownComponentError extends Error {
  constructor(readonly componentType: string) {
    super(`The preview has no renderer for the UI Kit component "${componentType}"`);
    this.name = 'UnknownComponentError';
  }
}

export interface RenderContext {
  users: readonly PreviewUser[];
}

type Props = Record<string, unknown>;
type Renderer = (node: ForgeDoc, ctx: RenderContext) => ReactNode;

/** Copies the named props that are present (the ForgeDoc carries only what the app set). */
function pick<T>(props: Props, keys: readonly string[]): Partial<T> {
  const out: Props = {};
  for (const key of keys) if (props[key] !== undefined) out[key] = props[key];
  return out as Partial<T>;
}

function handler(value: unknown): ((...args: unknown[]) => unknown) | undefined {
  return typeof value === 'function' ? (value as (...args: unknown[]) => unknown) : undefined;
}

/** A DOM event as UI Kit passes it over the bridge: plain data, no DOM nodes. */
function serialisedEvent(type: string, target?: { value?: string; name?: string; id?: string; checked?: boolean }) {
  return { type, ...(target ? { target: { ...target }, currentTarget: { ...target } } : {}) };
}

function children(node: ForgeDoc, ctx: RenderContext): ReactNode {
  return node.children.map((child, index) => <Fragment key={child.key ?? index}>{renderNode(child, ctx)}</Fragment>);
}

/** A prop that holds UI (a React element from the app, e.g. DynamicTable's emptyView). */
function uiProp(value: unknown, ctx: RenderContext): ReactNode {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (isReactElement(value)) return elementToDocs(value).map((doc, i) => <Fragment key={doc.key ?? i}>{renderNode(doc, ctx)}</Fragment>);
  throw new Error('a UI Kit prop meant to hold UI holds something else');
}

function styleOf(value: unknown): ReturnType<typeof xcss> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  // @forge/react's xcss() returns the style object as written (token names as values);
  // Atlaskit's xcss() resolves the token names, exactly what Jira's renderer does with it.
  return xcss(value as Parameters<typeof xcss>[0]);
}

function findWrapper(node: ForgeDoc, name: string): ForgeDoc | undefined {
  return node.children.find((c) => c.type === 'ContentWrapper' && c.props.name === name);
}

function cellsOf(row: ForgeDoc, ctx: RenderContext): { key: string; content: ReactNode }[] {
  return row.children.map((cell, index) => {
    if (cell.type !== 'Cell') throw new UnknownComponentError(`${cell.type} (inside a DynamicTable row)`);
    return { key: String(cell.props.cellKey ?? index), content: children(cell, ctx) };
  });
}

const RENDERERS: Record<KnownComponent, Renderer> = {
  Root: (node, ctx) => children(node, ctx),

  Box: (node, ctx) => (
    <Box
      {...pick<ComponentProps<typeof Box>>(node.props, ['as', 'padding', 'paddingBlock', 'paddingInline', 'backgroundColor', 'role', 'testId'])}
      xcss={styleOf(node.props.xcss)}
    >
      {children(node, ctx)}
    </Box>
  ),
  Stack: (node, ctx) => (
    <Stack {...pick<ComponentProps<typeof Stack>>(node.props, ['space', 'alignBlock', 'alignInline', 'spread', 'grow', 'as', 'testId'])}>{children(node, ctx)}</Stack>
  ),
  Inline: (node, ctx) => (
    <Inline
      {...pick<ComponentProps<typeof Inline>>(node.props, ['space', 'rowSpace', 'alignBlock', 'alignInline', 'spread', 'grow', 'shouldWrap', 'as', 'testId'])}
    >
      {children(node, ctx)}
    </Inline>
  ),
  Text: (node, ctx) => (
    <Text {...pick<ComponentProps<typeof Text>>(node.props, ['as', 'color', 'size', 'weight', 'align', 'maxLines', 'id', 'testId'])}>{children(node, ctx)}</Text>
  ),
  Heading: (node, ctx) => (
    <Heading {...pick<ComponentProps<typeof Heading>>(node.props, ['as', 'color', 'id', 'testId'])} size={(node.props.size as ComponentProps<typeof Heading>['size']) ?? 'medium'}>
      {children(node, ctx)}
    </Heading>
  ),
  Link: (node, ctx) => (
    <Link href={String(node.props.href ?? '')} {...(node.props.openNewTab === true ? { target: '_blank' } : {})}>
      {children(node, ctx)}
    </Link>
  ),
  Lozenge: (node, ctx) => <Lozenge {...pick<ComponentProps<typeof Lozenge>>(node.props, ['appearance', 'isBold', 'maxWidth', 'testId'])}>{children(node, ctx)}</Lozenge>,
  SectionMessage: (node, ctx) => (
    <SectionMessage
      appearance={node.props.appearance as ComponentProps<typeof SectionMessage>['appearance']}
      {...(typeof node.props.title === 'string' ? { title: node.props.title } : {})}
    >
      {children(node, ctx)}
    </SectionMessage>
  ),
  Spinner: (node) => <Spinner {...pick<ComponentProps<typeof Spinner>>(node.props, ['size', 'label', 'appearance', 'testId'])} />,

  Button: (node, ctx) => renderButton(node, ctx, false),
  LoadingButton: (node, ctx) => renderButton(node, ctx, node.props.isLoading === true),
  ButtonGroup: (node, ctx) => <ButtonGroup {...pick<ComponentProps<typeof ButtonGroup>>(node.props, ['label', 'titleId', 'testId'])}>{children(node, ctx)}</ButtonGroup>,

  Form: (node, ctx) => {
    const onSubmit = handler(node.props.onSubmit);
    return (
      <Form onSubmit={() => void onSubmit?.({})}>
        {({ formProps }) => (
          <form {...formProps} noValidate>
            {children(node, ctx)}
          </form>
        )}
      </Form>
    );
  },
  FormSection: (node, ctx) => (
    <FormSection {...pick<ComponentProps<typeof FormSection>>(node.props, ['title', 'description'])}>{children(node, ctx)}</FormSection>
  ),
  FormFooter: (node, ctx) => <FormFooter {...pick<ComponentProps<typeof FormFooter>>(node.props, ['align'])}>{children(node, ctx)}</FormFooter>,
  Label: (node, ctx) => (
    <Label htmlFor={String(node.props.labelFor ?? '')} {...pick<ComponentProps<typeof Label>>(node.props, ['id', 'testId'])}>
      {children(node, ctx)}
    </Label>
  ),
  ErrorMessage: (node, ctx) => <ErrorMessage {...pick<ComponentProps<typeof ErrorMessage>>(node.props, ['testId'])}>{children(node, ctx)}</ErrorMessage>,
  HelperMessage: (node, ctx) => <HelperMessage {...pick<ComponentProps<typeof HelperMessage>>(node.props, ['testId'])}>{children(node, ctx)}</HelperMessage>,
  Textfield: (node) => {
    const onChange = handler(node.props.onChange);
    const onBlur = handler(node.props.onBlur);
    const onFocus = handler(node.props.onFocus);
    return (
      <Textfield
        {...pick<ComponentProps<typeof Textfield>>(node.props, [
          'id',
          'name',
          'type',
          'min',
          'max',
          'width',
          'value',
          'defaultValue',
          'placeholder',
          'isInvalid',
          'isDisabled',
          'isReadOnly',
          'isRequired',
          'isCompact',
          'autoFocus',
          'appearance',
          'autoComplete',
          'maxLength',
          'aria-invalid',
          'aria-labelledby',
          'testId',
        ])}
        onChange={(e) => void onChange?.(serialisedEvent('change', { value: e.currentTarget.value, name: e.currentTarget.name, id: e.currentTarget.id }))}
        onBlur={(e) => void onBlur?.(serialisedEvent('blur', { value: e.currentTarget.value, name: e.currentTarget.name, id: e.currentTarget.id }))}
        onFocus={(e) => void onFocus?.(serialisedEvent('focus', { value: e.currentTarget.value, name: e.currentTarget.name, id: e.currentTarget.id }))}
      />
    );
  },
  Select: (node) => {
    const onChange = handler(node.props.onChange);
    return (
      <Select
        {...pick<ComponentProps<typeof Select>>(node.props, [
          'inputId',
          'name',
          'options',
          'value',
          'defaultValue',
          'placeholder',
          'isInvalid',
          'isDisabled',
          'isClearable',
          'isMulti',
          'isSearchable',
          'autoFocus',
          'isRequired',
          'spacing',
          'appearance',
          'testId',
        ])}
        onChange={(option) => void onChange?.(option)}
      />
    );
  },

  DynamicTable: (node, ctx) => {
    const head = findWrapper(node, 'head');
    const rows = findWrapper(node, 'rows');
    for (const child of node.children) {
      if (child.type !== 'ContentWrapper' || (child.props.name !== 'head' && child.props.name !== 'rows')) {
        throw new UnknownComponentError(`${child.type} (inside a DynamicTable)`);
      }
    }
    return (
      <DynamicTable
        {...pick<ComponentProps<typeof DynamicTable>>(node.props, ['caption', 'isLoading', 'rowsPerPage', 'defaultPage', 'isFixedSize', 'label', 'testId', 'highlightedRowIndex'])}
        {...(node.props.emptyView !== undefined ? { emptyView: <>{uiProp(node.props.emptyView, ctx)}</> } : {})}
        {...(head
          ? {
              head: {
                cells: head.children.map((cell, index) => {
                  if (cell.type !== 'Cell') throw new UnknownComponentError(`${cell.type} (inside a DynamicTable head)`);
                  return { key: String(cell.props.cellKey ?? index), content: children(cell, ctx) };
                }),
              },
            }
          : {})}
        rows={(rows?.children ?? []).map((row, index) => {
          if (row.type !== 'Row') throw new UnknownComponentError(`${row.type} (inside a DynamicTable)`);
          return { key: String(row.props.rowKey ?? index), cells: cellsOf(row, ctx) };
        })}
      />
    );
  },

  User: (node, ctx) => {
    const accountId = String(node.props.accountId ?? '');
    const user = ctx.users.find((u) => u.accountId === accountId);
    const name = user?.displayName ?? 'Unknown user';
    return (
      <Inline as="span" space="space.075" alignBlock="center">
        {/* The name is written next to it: the picture is decoration for assistive technology. */}
        <span aria-hidden="true" style={{ display: 'inline-flex' }}>
          <Avatar size="xsmall" name={name} />
        </span>
        <Text>{name}</Text>
      </Inline>
    );
  },
};

function renderButton(node: ForgeDoc, ctx: RenderContext, isLoading: boolean): ReactNode {
  const onClick = handler(node.props.onClick);
  const type = node.props.type === 'submit' || node.props.type === 'reset' ? node.props.type : 'button';
  return (
    <Button
      {...pick<ComponentProps<typeof Button>>(node.props, ['appearance', 'spacing', 'isDisabled', 'isSelected', 'shouldFitContainer', 'autoFocus', 'testId', 'aria-label'])}
      type={type}
      isLoading={isLoading}
      {...(onClick ? { onClick: () => void onClick(serialisedEvent('click')) } : {})}
    >
      {children(node, ctx)}
    </Button>
  );
}

export function renderNode(node: ForgeDoc, ctx: RenderContext): ReactNode {
  if (node.type === 'String') return String(node.props.text ?? '');
  const render = Object.hasOwn(RENDERERS, node.type) ? RENDERERS[node.type as KnownComponent] : undefined;
  if (!render) throw new UnknownComponentError(node.type);
  return render(node, ctx);
}
