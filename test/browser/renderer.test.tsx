/** @jest-environment jsdom */
/**
 * The preview's UI Kit renderer on documents produced by @forge/react's own reconciler: what
 * the app renders in UI Kit comes out as Atlaskit, events go back to the app's handlers, and a
 * component the preview does not know is an error.
 */
import { reconciled } from './ui-kit-bridge';
import { fireEvent, render, screen } from '@testing-library/react';
import ForgeReconciler, { Button, DynamicTable, Inline, Stack, Text, Textfield, User } from '@forge/react';
import { act, useState, type ReactNode } from 'react';
import type { ForgeDoc } from '../../dev/preview/client/forge-doc';
import { renderNode, UnknownComponentError } from '../../dev/preview/client/renderer';
import type { PreviewUser, PreviewUserRole } from '../../dev/preview/protocol';

beforeEach(() => {
  reconciled.latest = null;
});

/** Runs an element through @forge/react's reconciler and returns the document it sends. */
async function reconcile(element: ReactNode): Promise<ForgeDoc> {
  await act(async () => {
    ForgeReconciler.render(<>{element}</>);
  });
  if (!reconciled.latest) throw new Error('nothing was reconciled');
  return reconciled.latest;
}

const PREVIEW_USERS: Record<PreviewUserRole, PreviewUser> = {
  admin: { role: 'admin', accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Alex Admin' },
  member: { role: 'member', accountId: '5b10a2844c20165700ede21f', displayName: 'Morgan Member' },
};
const ctx = { users: Object.values(PREVIEW_USERS) };

function Counter() {
  const [count, setCount] = useState(0);
  const [text, setText] = useState('');
  return (
    <Stack space="space.100">
      <Text>{`Clicked ${count} times, typed "${text}"`}</Text>
      <Inline space="space.050">
        <Button appearance="primary" onClick={() => setCount((c) => c + 1)}>
          Add one
        </Button>
        <Textfield id="what" name="what" value={text} onChange={(e) => setText(String(e.target.value ?? ''))} />
      </Inline>
    </Stack>
  );
}

describe('the preview’s UI Kit renderer', () => {
  it('renders the document as Atlaskit and sends events back to the app', async () => {
    const doc = await reconcile(<Counter />);
    const view = render(<>{renderNode(doc, ctx)}</>);
    expect(screen.getByText('Clicked 0 times, typed ""')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add one' }));
    });
    view.rerender(<>{renderNode(reconciled.latest!, ctx)}</>);
    expect(screen.getByText('Clicked 1 times, typed ""')).toBeTruthy();
    await act(async () => {
      fireEvent.change(screen.getByRole('textbox'), { target: { value: 'abc' } });
    });
    view.rerender(<>{renderNode(reconciled.latest!, ctx)}</>);
    expect(screen.getByText('Clicked 1 times, typed "abc"')).toBeTruthy();
  });

  it('renders a DynamicTable from its head and rows, an empty view given as an element, and users by name', async () => {
    const table = (rows: { key: string; cells: { key: string; content: ReactNode }[] }[]) => (
      <DynamicTable
        caption="History"
        head={{ cells: [{ key: 'who', content: 'By' }, { key: 'what', content: 'Change' }] }}
        rows={rows}
        emptyView={<Text>Nothing saved yet.</Text>}
      />
    );
    const empty = render(<>{renderNode(await reconcile(table([])), ctx)}</>);
    expect(screen.getByText('Nothing saved yet.')).toBeTruthy();
    empty.unmount();

    const admin = PREVIEW_USERS.admin;
    render(<>{renderNode(await reconcile(table([{ key: 'v1', cells: [{ key: 'who', content: <User accountId={admin.accountId} /> }, { key: 'what', content: 'Saved' }] }])), ctx)}</>);
    expect(screen.getByRole('columnheader', { name: 'By' })).toBeTruthy();
    // The avatar is hidden from assistive technology; the row reads as name and change.
    expect(screen.getByRole('row', { name: `${admin.displayName} Saved` })).toBeTruthy();
  });

  it('refuses a component it does not know, by name', () => {
    const doc: ForgeDoc = { type: 'Root', props: {}, children: [{ type: 'Stack', props: {}, children: [{ type: 'BarChart', props: {}, children: [] }] }] };
    expect(() => renderNode(doc, ctx)).toThrow(UnknownComponentError);
    expect(() => renderNode(doc, ctx)).toThrow('The preview has no renderer for the UI Kit component "BarChart"');
  });
});
