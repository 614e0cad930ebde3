// The form of `confirm-municipality-data`: the municipality's contact sees the data the Vorhaben and the
// Service Provider will carry, prefilled, and confirms or corrects them. German only, as the MUK is.
import type { Markup } from '../../activities/mail/html';
import { federalStateNames } from '../../domain/muk/federal-states';
import type { MunicipalityData } from '../../domain/muk/municipality';
import { h, Fragment } from './jsx';
import { FieldError } from './field-error';

interface FieldProps {
  errors?: string[];
  /** The field's path in the step's body, which names it in a refusal. */
  path: string;
  id: string;
  label: string;
  name: string;
  value: string | undefined;
  required?: boolean;
  type?: 'text' | 'email' | 'tel' | 'url';
  autocomplete?: string;
}

function Field({
  errors,
  path,
  id,
  label,
  name,
  value,
  required = true,
  type = 'text',
  autocomplete,
}: FieldProps): Markup {
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} type={type} name={name} value={value ?? ''} required={required} autocomplete={autocomplete} />
      <FieldError errors={errors} path={path} language="de" />
    </>
  );
}

export function MunicipalityDataForm({
  current,
  errors,
}: {
  current: MunicipalityData | undefined;
  errors?: string[];
}): Markup {
  return (
    <>
      <p>
        Mit diesen Angaben wird das Vorhaben im Service-Portal des Mein Unternehmenskontos gestellt und der Service
        Provider eingerichtet. Bitte prüfen Sie sie, korrigieren Sie, was nicht stimmt, und bestätigen Sie.
      </p>
      <Field
        errors={errors}
        path="name"
        id="name"
        label="Name der Kommune"
        name="name"
        value={current?.name}
        autocomplete="organization"
      />
      <label for="federalState">Bundesland</label>
      <select id="federalState" name="federalState" required>
        {federalStateNames.map((state) => (
          <option value={state} selected={state === current?.federalState}>
            {state}
          </option>
        ))}
      </select>
      <FieldError errors={errors} path="federalState" language="de" />
      <fieldset>
        <legend>Support für Unternehmen (steht im Vorhaben)</legend>
        <Field
          errors={errors}
          path="support.name"
          id="supportName"
          label="Stelle oder Ansprechperson"
          name="support[name]"
          value={current?.support.name}
        />
        <Field
          errors={errors}
          path="support.email"
          id="supportEmail"
          label="E-Mail"
          name="support[email]"
          value={current?.support.email}
          type="email"
          autocomplete="email"
        />
        <Field
          errors={errors}
          path="support.phone"
          id="supportPhone"
          label="Telefon (optional)"
          name="support[phone]"
          value={current?.support.phone}
          required={false}
          type="tel"
          autocomplete="tel"
        />
      </fieldset>
      <Field
        errors={errors}
        path="portalLoginUrl"
        id="portalLoginUrl"
        label="Adresse der Anmeldung am Serviceportal (NEZO-Login)"
        name="portalLoginUrl"
        value={current?.portalLoginUrl}
        type="url"
      />
      <button type="submit">Angaben bestätigen</button>
    </>
  );
}
