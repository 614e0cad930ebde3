// The form of `confirm-municipality-data`: the municipality's contact sees the data the Vorhaben and the
// Service Provider will carry, prefilled, and confirms or corrects them. German only, as the MUK is.
import type { Markup } from '../../activities/mail/html';
import { federalStateNames } from '../../domain/muk/federal-states';
import type { MunicipalityData } from '../../domain/muk/municipality';
import { h, Fragment } from './jsx';
import { Field, Select, stepFieldProblem } from './field';

const federalStates = federalStateNames.map((state) => ({ value: state, label: state }));

export function MunicipalityDataForm({
  current,
  errors,
}: {
  current: MunicipalityData | undefined;
  errors?: string[];
}): Markup {
  /** The problem of the field at `path` (its path in the step's body, which names it in a refusal). */
  const problem = (path: string) => stepFieldProblem(errors, path, 'de');
  return (
    <>
      <p>
        Mit diesen Angaben wird das Vorhaben im Service-Portal des Mein Unternehmenskontos gestellt und der Service
        Provider eingerichtet. Bitte prüfen Sie sie, korrigieren Sie, was nicht stimmt, und bestätigen Sie.
      </p>
      <Field
        id="name"
        name="name"
        label="Name der Kommune"
        value={current?.name}
        error={problem('name')}
        required
        autocomplete="organization"
      />
      <Select
        id="federalState"
        name="federalState"
        label="Bundesland"
        options={federalStates}
        value={current?.federalState}
        error={problem('federalState')}
        required
      />
      <fieldset>
        <legend>Support für Unternehmen (steht im Vorhaben)</legend>
        <Field
          id="supportName"
          name="support[name]"
          label="Stelle oder Ansprechperson"
          value={current?.support.name}
          error={problem('support.name')}
          required
        />
        <Field
          id="supportEmail"
          name="support[email]"
          label="E-Mail"
          value={current?.support.email}
          error={problem('support.email')}
          type="email"
          required
          autocomplete="email"
        />
        <Field
          id="supportPhone"
          name="support[phone]"
          label="Telefon (optional)"
          value={current?.support.phone}
          error={problem('support.phone')}
          type="tel"
          autocomplete="tel"
        />
      </fieldset>
      <Field
        id="portalLoginUrl"
        name="portalLoginUrl"
        label="Adresse der Anmeldung am Serviceportal (NEZO-Login)"
        value={current?.portalLoginUrl}
        error={problem('portalLoginUrl')}
        type="url"
        required
      />
      <button type="submit">Angaben bestätigen</button>
    </>
  );
}
