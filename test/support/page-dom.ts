// The part of the browser's DOM that code inside page.evaluate touches. This project's TypeScript has no DOM
// library (its fetch and Response would clash with Node's), so the few members used are declared here.
export interface PageElement {
  id: string;
  tagName: string;
  textContent: string | null;
  tabIndex: number;
  disabled?: boolean;
  type?: string;
  name?: string;
  value?: string | number;
  checked?: boolean;
  form?: PageElement | null;
  method?: string;
  action?: string;
  closest(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  checkVisibility(options: { visibilityProperty: boolean }): boolean;
  append(...children: PageElement[]): void;
  blur(): void;
  submit(): void;
}

export interface PageDocument {
  body: PageElement;
  activeElement: PageElement | null;
  documentElement: { scrollHeight: number };
  createElement(tag: string): PageElement;
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
