// Who a MUK connection is for and who files it: the start request's shapes, validated with zod, and the
// municipality key that names the connection (`muk-<key>`). Plain code: API and workflow share it.
import { z } from 'zod';
import { anyCasePattern } from '../json-schema';
import { organizationName, personName } from '../names';
import { federalStateCode, federalStates, normalizeFederalState, type FederalStateName } from './federal-states';

export const personSchema = z.strictObject({
  name: personName,
  email: z.email().max(254),
});

export const supportContactSchema = personSchema.extend({
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()/-]{2,39}$/, 'expected a phone number such as +49 89 1234-0')
    .optional(),
});

export const federalStateSchema = z
  .string()
  .transform((value, ctx) => {
    const name = normalizeFederalState(value);
    if (!name)
      ctx.addIssue({ code: 'custom', message: 'expected a German federal state, by name (Bayern) or code (BY)' });
    return name as FederalStateName;
  })
  .meta({ pattern: anyCasePattern(Object.entries(federalStates).flat()) });

export const httpUrlSchema = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2000);

/**
 * The municipality's own data, as the Vorhaben and the Service Provider take them ("von der Kommune
 * angegeben"): its contact confirms or corrects them in `confirm-municipality-data`.
 */
export const municipalityDataSchema = z
  .strictObject({
    name: organizationName,
    federalState: federalStateSchema,
    support: supportContactSchema,
    portalLoginUrl: httpUrlSchema,
  })
  .meta({
    examples: [
      {
        name: 'Bad Tölz',
        federalState: 'Bayern',
        support: { name: 'Bürgerservice Bad Tölz', email: 'support@bad-toelz.de', phone: '+49 8041 505-0' },
        portalLoginUrl: 'https://bad-toelz.optigov.de/login',
      },
    ],
  });

export const municipalitySchema = z.strictObject({
  name: organizationName,
  federalState: federalStateSchema,
  support: supportContactSchema,
  /** Given, the municipality's contact first confirms or corrects its data (`confirm-municipality-data`). */
  contact: personSchema.optional(),
});

export const startMukConnectionSchema = z.strictObject({
  municipality: municipalitySchema,
  responsible: personSchema,
  portalLoginUrl: httpUrlSchema,
});

export type SupportContact = z.infer<typeof supportContactSchema>;
export type Municipality = z.infer<typeof municipalitySchema>;
export type StartMukConnection = z.infer<typeof startMukConnectionSchema>;
export type MunicipalityData = z.infer<typeof municipalityDataSchema>;

/** The data a start request gives, in the shape the contact confirms. */
export function municipalityDataOf(municipality: Municipality, portalLoginUrl: string): MunicipalityData {
  const { name, federalState, support } = municipality;
  return { name, federalState, support, portalLoginUrl };
}

const transliterations: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** `Bad Tölz` in Bayern → `bad-toelz-by`: stable, URL- and workflow-id-safe, one per municipality. */
export function municipalityKey(name: string, federalState: FederalStateName): string {
  const slug = name
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => transliterations[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${slug || 'kommune'}-${federalStateCode(federalState).toLowerCase()}`;
}

export function mukWorkflowId(key: string): string {
  return `muk-${key}`;
}

/** Which of the data the contact changed (`support` when any of its parts did). */
export function correctedFields(before: MunicipalityData, after: MunicipalityData): Array<keyof MunicipalityData> {
  const same = {
    name: before.name === after.name,
    federalState: before.federalState === after.federalState,
    support:
      before.support.name === after.support.name &&
      before.support.email === after.support.email &&
      before.support.phone === after.support.phone,
    portalLoginUrl: before.portalLoginUrl === after.portalLoginUrl,
  };
  return (Object.keys(same) as Array<keyof MunicipalityData>).filter((field) => !same[field]);
}

/** The data as lines under the portal's German labels, for the contact's e-mail. */
export function municipalityDataLines(data: MunicipalityData): string[] {
  const { support } = data;
  return [
    `Name der Kommune: ${data.name}`,
    `Bundesland: ${data.federalState}`,
    `Support: ${support.name}, ${support.email}${support.phone ? `, ${support.phone}` : ''}`,
    `Adresse der Anmeldung am Serviceportal (NEZO-Login): ${data.portalLoginUrl}`,
  ];
}
