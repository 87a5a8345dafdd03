/**
 * The document @forge/react's reconciler sends over the bridge ('reconcile', { forgeDoc }):
 * a plain tree of { type, props, children }, text as type 'String' with props.text. Function
 * props (onClick, onChange …) arrive as the functions themselves: the UI Kit module runs in the
 * same window as the preview's renderer. A prop may also hold a React element (DynamicTable's
 * `emptyView`); `elementToDoc` turns it into the same tree.
 */

export interface ForgeDoc {
  type: string;
  key?: string;
  props: Record<string, unknown>;
  children: ForgeDoc[];
}

export function isForgeDoc(value: unknown): value is ForgeDoc {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; props?: unknown; children?: unknown };
  return typeof v.type === 'string' && typeof v.props === 'object' && v.props !== null && Array.isArray(v.children);
}

interface ReactElementLike {
  $$typeof: symbol;
  type: unknown;
  key: string | null;
  props: Record<string, unknown>;
}

export function isReactElement(value: unknown): value is ReactElementLike {
  if (typeof value !== 'object' || value === null) return false;
  const tag = (value as { $$typeof?: unknown }).$$typeof;
  return tag === Symbol.for('react.element') || tag === Symbol.for('react.transitional.element');
}

let synthetic = 0;

function childrenToDocs(children: unknown): ForgeDoc[] {
  if (children === null || children === undefined || typeof children === 'boolean') return [];
  if (Array.isArray(children)) return children.flatMap(childrenToDocs);
  if (typeof children === 'string' || typeof children === 'number') {
    return [{ type: 'String', key: `el-${++synthetic}`, props: { text: String(children) }, children: [] }];
  }
  if (isReactElement(children)) return elementToDocs(children);
  throw new Error(`a UI Kit prop holds something the preview cannot render (${typeof children})`);
}

/** A React element (from a prop) as ForgeDoc nodes; function components are called, as @forge/react does for table cells. */
export function elementToDocs(element: ReactElementLike): ForgeDoc[] {
  const { children, ...props } = element.props;
  if (typeof element.type === 'string') {
    return [{ type: element.type, key: element.key ?? `el-${++synthetic}`, props, children: childrenToDocs(children) }];
  }
  if (typeof element.type === 'function') {
    return childrenToDocs((element.type as (p: Record<string, unknown>) => unknown)(element.props));
  }
  if (element.type === Symbol.for('react.fragment')) return childrenToDocs(children);
  throw new Error('a UI Kit prop holds a React element of a kind the preview cannot render');
}
