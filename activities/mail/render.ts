// Turns a template name, a language and vars into the subject, plain-text and HTML parts of a message.
import type { Language } from '../../domain/language';
import { escapeHtml } from './html';
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
const buttonStyle = 'display:inline-block;background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600';

function paragraph(text: string): string {
  return `<p style="${paragraphStyle}">${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;
}

function htmlBody(content: MailContent, language: Language): string {
  const parts = [paragraph(content.greeting), ...content.paragraphs.map(paragraph)];
  if (content.details?.length) parts.push(`<ul>${content.details.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`);
  if (content.action) {
    const url = escapeHtml(content.action.url);
    parts.push(`<p style="${paragraphStyle}"><a href="${url}" style="${buttonStyle}">${escapeHtml(content.action.label)}</a></p>`);
    // The bare address too, for mail clients that strip buttons.
    parts.push(`<p style="${paragraphStyle};font-size:13px;word-break:break-all"><a href="${url}">${url}</a></p>`);
    if (content.action.note) parts.push(paragraph(content.action.note));
  }
  parts.push(paragraph(content.signOff));
  return [
    `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1b1f24;max-width:600px;margin:0 auto;padding:16px">`,
    parts.join('\n'),
    '</body></html>',
  ].join('\n');
}
