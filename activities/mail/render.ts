// Turns a template name, a language and vars into the subject, plain-text and HTML parts of a message.
import type { Language } from '../../domain/language';
import { markup, type Markup } from './html';
import type { MailContent } from './template';
import { templates } from './templates';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A request no retry can fix: an unknown template or vars that do not fit it. */
export class InvalidEmailRequestError extends Error {
  override readonly name = 'InvalidEmailRequestError';
}

export function renderEmail(template: string, language: Language, vars: unknown): RenderedEmail {
  const definition = templates.get(template);
  if (!definition) throw new InvalidEmailRequestError(`No e-mail template named ${template}`);
  const parsed = definition.vars.safeParse(vars);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'vars'}: ${issue.message}`);
    throw new InvalidEmailRequestError(`Invalid vars for e-mail template ${template}: ${problems.join('; ')}`);
  }
  const content = definition.compose(parsed.data, language);
  return { subject: content.subject, text: plainText(content), html: htmlBody(content, language) };
}

function plainText(content: MailContent): string {
  const blocks = [content.greeting, ...content.paragraphs];
  if (content.details?.length) blocks.push(content.details.map((line) => `- ${line}`).join('\n'));
  if (content.action) blocks.push([content.action.url, content.action.note].filter(Boolean).join('\n'));
  blocks.push(content.signOff);
  return `${blocks.join('\n\n')}\n`;
}

const paragraphStyle = 'margin:0 0 1em';
const buttonStyle =
  'display:inline-block;background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600';

function paragraph(text: string): Markup {
  const lines = text.split('\n').map((line, index) => (index === 0 ? markup`${line}` : markup`<br>${line}`));
  return markup`<p style="${paragraphStyle}">${lines}</p>`;
}

function htmlBody(content: MailContent, language: Language): string {
  const parts = [paragraph(content.greeting), ...content.paragraphs.map(paragraph)];
  if (content.details?.length) parts.push(markup`<ul>${content.details.map((line) => markup`<li>${line}</li>`)}</ul>`);
  if (content.action) {
    const { url, label, note } = content.action;
    parts.push(markup`<p style="${paragraphStyle}"><a href="${url}" style="${buttonStyle}">${label}</a></p>`);
    // The bare address too, for mail clients that strip buttons.
    parts.push(
      markup`<p style="${paragraphStyle};font-size:13px;word-break:break-all"><a href="${url}">${url}</a></p>`,
    );
    if (note) parts.push(paragraph(note));
  }
  parts.push(paragraph(content.signOff));
  const separated = parts.map((part, index) => (index === 0 ? part : markup`\n${part}`));
  return markup`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${content.subject}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1b1f24;max-width:600px;margin:0 auto;padding:16px">
${separated}
</body></html>`.html;
}
