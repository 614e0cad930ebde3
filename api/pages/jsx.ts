// JSX for server-rendered pages (tsconfig: jsxFactory `h`). Every element is built with the `markup` tag, so
// text and attribute values are escaped the same way as everywhere else, and only markup reaches a page raw.
import { markup, Markup } from '../../activities/mail/html';

export type Child = Markup | string | number | boolean | null | undefined | readonly Child[];
type AttributeValue = string | number | boolean | null | undefined;
export type Component<P> = (props: P & { children?: Child }) => Markup;

declare global {
  // TypeScript looks up the element types of JSX in this namespace; there is no module form of it.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    type Element = Markup;
    interface IntrinsicElements {
      [element: string]: { [attribute: string]: AttributeValue | Child };
    }
    interface ElementChildrenAttribute {
      children: unknown;
    }
  }
}

const voidElements = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const namePattern = /^[a-zA-Z][\w:.-]*$/;

function flatten(children: readonly Child[]): Markup[] {
  return children.flatMap((child): Markup[] => {
    if (child === null || child === undefined || child === false || child === true) return [];
    if (Array.isArray(child)) return flatten(child);
    return [Markup.isMarkup(child) ? child : markup`${child}`];
  });
}

function attributes(props: Record<string, unknown>): Markup[] {
  return Object.entries(props).flatMap(([name, value]) => {
    if (name === 'children' || value === undefined || value === null || value === false) return [];
    if (!namePattern.test(name)) throw new TypeError(`Not an attribute name: ${name}`);
    return value === true ? [markup` ${name}`] : [markup` ${name}="${String(value)}"`];
  });
}

export function h(
  tag: string | Component<Record<string, unknown>>,
  props: Record<string, unknown> | null,
  ...children: Child[]
): Markup {
  if (typeof tag === 'function') return tag({ ...props, children: children.length === 1 ? children[0] : children });
  if (!namePattern.test(tag)) throw new TypeError(`Not an element name: ${tag}`);
  const open = markup`<${tag}${attributes(props ?? {})}>`;
  if (voidElements.has(tag)) return open;
  return markup`${open}${flatten(children)}</${tag}>`;
}

export function Fragment(props: { children?: Child }): Markup {
  return markup`${flatten([props.children])}`;
}

/** A whole document: the doctype, then the root element. */
export function documentHtml(root: Markup): string {
  return `<!doctype html>${root.html}`;
}
