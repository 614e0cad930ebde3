// Small server-rendered pages: escaped, no script, usable on a phone, in the person's language.
import { escapeHtml, type Markup } from '../../activities/mail/html';
import type { Language } from '../../domain/language';

export { markup, type Markup } from '../../activities/mail/html';

const styles = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24;line-height:1.5}
main{max-width:40rem;margin:0 auto;padding:1.25rem}
.card{background:#fff;border-radius:10px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}
input[type=text],input[type=email],textarea,select{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #aab;border-radius:6px;font-size:1rem}
.choice{font-weight:normal;display:flex;gap:.5rem;align-items:center}
button,.button{display:inline-block;background:#0b5cad;color:#fff;border:0;border-radius:6px;padding:.7rem 1.2rem;font-size:1rem;margin-top:1rem;text-decoration:none;cursor:pointer}
button.secondary{background:#6b7280}
.muted{color:#5b6470;font-size:.9rem}
.ok{color:#116b2f}.error{color:#a11}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:600}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde;padding:.35rem;text-align:left;vertical-align:top}
code.long{word-break:break-all;white-space:pre-wrap;font-size:.8rem}
@media print{body{background:#fff}.card{box-shadow:none;padding:0}main{max-width:none}}
`;

export function page(language: Language, title: string, body: Markup): string {
  return `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${styles}</style></head><body><main>${body.html}</main></body></html>`;
}
