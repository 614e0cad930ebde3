// HTML for e-mail bodies and the API's pages. The `markup` tag is the only way to build markup: it escapes
// every interpolated value except markup that the tag itself produced, and nothing else can produce that
// (the constructor takes a token only this module has), so no data, however it is shaped, reaches a page
// unescaped.

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const onlyTheTag = Symbol('markup');

/** Markup built by the `markup` tag: safe to put in a page as it is. */
export class Markup {
  readonly #html: string;

  constructor(token: symbol, html: string) {
    if (token !== onlyTheTag) throw new TypeError('Markup is built by the markup`...` tag only');
    this.#html = html;
  }

  get html(): string {
    return this.#html;
  }

  /** True only for markup the tag built; an object that merely has an `html` string is data. */
  static isMarkup(value: unknown): value is Markup {
    return typeof value === 'object' && value !== null && #html in value;
  }
}

function piece(value: unknown): string {
  return Markup.isMarkup(value) ? value.html : escapeHtml(value);
}

/** The tag: every `${value}` is escaped, an array item by item, unless it is Markup. */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let html = strings[0] ?? '';
  values.forEach((value, index) => {
    html += Array.isArray(value) ? value.map(piece).join('') : piece(value);
    html += strings[index + 1] ?? '';
  });
  return new Markup(onlyTheTag, html);
}
