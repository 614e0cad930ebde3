// The form of `confirm-municipality-data`: the municipality's contact sees the data the Vorhaben and the
// Service Provider will carry, prefilled, and confirms or corrects them. German only, as the MUK is.
import { federalStateNames } from '../../domain/muk/federal-states';
import type { MunicipalityData } from '../../domain/muk/municipality';
import { markup, type Markup } from './html';

function field(id: string, label: string, name: string, value: string | undefined, attributes: Markup = markup`required`): Markup {
  return markup`<label for="${id}">${label}</label><input id="${id}" type="text" name="${name}" value="${value ?? ''}" ${attributes}>`;
}

export function municipalityDataForm(current: MunicipalityData | undefined): Markup {
  const states = federalStateNames.map(
    (state) => markup`<option value="${state}" ${state === current?.federalState ? markup`selected` : markup``}>${state}</option>`,
  );
  return markup`<p>Mit diesen Angaben wird das Vorhaben im Service-Portal des Mein Unternehmenskontos gestellt und der Service Provider
eingerichtet. Bitte prüfen Sie sie, korrigieren Sie, was nicht stimmt, und bestätigen Sie.</p>
${field('name', 'Name der Kommune', 'name', current?.name)}
<label for="federalState">Bundesland</label><select id="federalState" name="federalState" required>${states}</select>
<fieldset><legend>Support für Unternehmen (steht im Vorhaben)</legend>
${field('supportName', 'Stelle oder Ansprechperson', 'support[name]', current?.support.name)}
${field('supportEmail', 'E-Mail', 'support[email]', current?.support.email, markup`required inputmode="email"`)}
${field('supportPhone', 'Telefon (optional)', 'support[phone]', current?.support.phone, markup`inputmode="tel"`)}
</fieldset>
${field('portalLoginUrl', 'Adresse der Anmeldung am Serviceportal (NEZO-Login)', 'portalLoginUrl', current?.portalLoginUrl, markup`required inputmode="url"`)}
<button type="submit">Angaben bestätigen</button>`;
}
