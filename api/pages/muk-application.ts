// The printable Vorhaben and Service Provider of a MUK connection, laid out field by field under the
// service portal's German labels, so a person can enter them at https://service.mein-unternehmenskonto.de
// (the portal has no API). Server-rendered, every value escaped, no script.
import type { LabelledValue } from '../../domain/muk/application';
import { mukServiceProviderMetadataPath } from '../../domain/muk/paths';
import type { MukConnectionDetails } from '../../workflows/muk-connection.messages';
import { markup, page, type Markup } from './html';

function value(v: LabelledValue): Markup {
  if (typeof v === 'string') return markup`${v}`;
  return markup`<dl>${Object.entries(v).map(([label, part]) => markup`<dt>${label}</dt><dd>${part}</dd>`)}</dl>`;
}

function table(fields: Record<string, LabelledValue>, longValues: string[] = []): Markup {
  const rows = Object.entries(fields).map(([label, v]) =>
    longValues.includes(label) && typeof v === 'string'
      ? markup`<tr><th scope="row">${label}</th><td><code class="long">${v}</code></td></tr>`
      : markup`<tr><th scope="row">${label}</th><td>${value(v)}</td></tr>`,
  );
  return markup`<table><tbody>${rows}</tbody></table>`;
}

export function renderMukApplicationPage(details: MukConnectionDetails, stage: string): string {
  const { application, serviceProvider: sp } = details;
  const title = `MUK-Vorhaben: ${details.municipality.name}`;
  const serviceProvider = sp
    ? markup`<section class="card"><h2>Service Provider (Produktionsumgebung)</h2>
        ${table(sp.form, ['Signaturzertifikat', 'Verschlüsselungszertifikat'])}
        <p>Metadaten: <a href="${mukServiceProviderMetadataPath(details.municipalityKey)}">metadata.xml</a></p>
        ${sp.lastRejection ? markup`<p class="error">Vom MUK-Serviceportal abgelehnt: ${sp.lastRejection}</p>` : markup``}
        ${sp.lastFailure ? markup`<p class="error">Letzter Integrationstest fehlgeschlagen: ${sp.lastFailure}</p>` : markup``}
      </section>`
    : markup``;
  return page(
    'de',
    title,
    markup`<section class="card"><h1>${title}</h1>
        <p class="muted">Zur Eingabe im Service-Portal des Mein Unternehmenskontos (https://service.mein-unternehmenskonto.de).
        Stand: ${stage}${details.vorhabenReference ? markup` · Vorhaben ${details.vorhabenReference}` : markup``}</p>
        ${details.vorhabenReturned ? markup`<p class="error">Vom MUK-Serviceportal zurückgegeben: ${details.vorhabenReturned}</p><p>Bitte korrigieren Sie das Vorhaben und senden Sie es erneut ab.</p>` : markup``}</section>
      <section class="card"><h2>Verantwortlichkeiten</h2>${table(application.Verantwortlichkeiten)}</section>
      <section class="card"><h2>Vorhaben</h2>${table(application.Vorhaben)}</section>
      <section class="card"><h2>Anhänge</h2><p>${application.Anhänge}</p></section>
      ${serviceProvider}`,
  );
}
