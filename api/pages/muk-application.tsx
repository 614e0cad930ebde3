// The printable Vorhaben and Service Provider of a MUK connection, laid out field by field under the
// service portal's German labels, so a person can enter them at https://service.mein-unternehmenskonto.de
// (the portal has no API). Server-rendered, every value escaped, no script.
import type { Markup } from '../../activities/mail/html';
import { stages, wordFor } from '../../domain/glossary';
import type { LabelledValue } from '../../domain/muk/application';
import { mukServiceProviderMetadataPath } from '../../domain/muk/paths';
import type { MukConnectionDetails } from '../../workflows/muk-connection.messages';
import { h, Fragment } from './jsx';
import { renderPage } from './layout';

function Value({ value }: { value: LabelledValue }): Markup {
  if (typeof value === 'string') return <>{value}</>;
  return (
    <dl>
      {Object.entries(value).map(([label, part]) => (
        <>
          <dt>{label}</dt>
          <dd>{part}</dd>
        </>
      ))}
    </dl>
  );
}

function Fields({ fields, longValues = [] }: { fields: Record<string, LabelledValue>; longValues?: string[] }): Markup {
  return (
    <table>
      <tbody>
        {Object.entries(fields).map(([label, value]) => (
          <tr>
            <th scope="row">{label}</th>
            <td>
              {longValues.includes(label) && typeof value === 'string' ? (
                <code class="long">{value}</code>
              ) : (
                <Value value={value} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({ title, children }: { title: string; children?: unknown }): Markup {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children as Markup}
    </section>
  );
}

export function renderMukApplicationPage(details: MukConnectionDetails, stage: string): string {
  const { application, serviceProvider: sp } = details;
  const title = `MUK-Vorhaben: ${details.municipality.name}`;
  return renderPage({
    language: 'de',
    title,
    children: (
      <>
        <section class="card">
          <h1>{title}</h1>
          <p class="muted">
            Zur Eingabe im Service-Portal des Mein Unternehmenskontos (https://service.mein-unternehmenskonto.de).{' '}
            {`Stand: ${wordFor(stages, stage, 'de')}`}
            {details.vorhabenReference ? ` · Vorhaben ${details.vorhabenReference}` : null}
          </p>
          {details.vorhabenReturned ? (
            <>
              <p class="error">{`Vom MUK-Serviceportal zurückgegeben: ${details.vorhabenReturned}`}</p>
              <p>Bitte korrigieren Sie das Vorhaben und senden Sie es erneut ab.</p>
            </>
          ) : null}
        </section>
        <Section title="Verantwortlichkeiten">
          <Fields fields={application.Verantwortlichkeiten} />
        </Section>
        <Section title="Vorhaben">
          <Fields fields={application.Vorhaben} />
        </Section>
        <Section title="Anhänge">
          <p>{application.Anhänge}</p>
        </Section>
        {sp ? (
          <Section title="Service Provider (Produktionsumgebung)">
            <Fields fields={sp.form} longValues={['Signaturzertifikat', 'Verschlüsselungszertifikat']} />
            <p>
              {'Metadaten: '}
              <a href={mukServiceProviderMetadataPath(details.municipalityKey)}>metadata.xml</a>
            </p>
            {sp.lastRejection ? <p class="error">{`Vom MUK-Serviceportal abgelehnt: ${sp.lastRejection}`}</p> : null}
            {sp.lastFailure ? (
              <p class="error">{`Letzter Integrationstest fehlgeschlagen: ${sp.lastFailure}`}</p>
            ) : null}
          </Section>
        ) : null}
      </>
    ),
  });
}
