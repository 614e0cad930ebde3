// The Vorhaben application as the MUK service portal asks for it (its form "Anbindung an das
// Mein Unternehmenskonto"): built from the municipality's data and the vendor's profile, every field
// validated, and shown under the portal's German labels so a person can copy it field by field.
import { z } from 'zod';
import { legalFrameworks } from './datenkranz';
import { federalStateNames } from './federal-states';
import {
  httpUrlSchema,
  personSchema,
  supportContactSchema,
  type StartMukConnection,
  type SupportContact,
} from './municipality';
import { vendorProfileSchema, vendorText, type VendorProfile } from './vendor';

const text = z.string().trim().min(1).max(2000);

export const vorhabenApplicationSchema = z.strictObject({
  responsibilities: z.strictObject({
    projectLead: personSchema.extend({ organisation: text }),
    myRole: z.literal('Verantwortlicher beim Dienstleister'),
    client: z.strictObject({ name: text, federalState: z.enum(federalStateNames), contact: supportContactSchema }),
  }),
  project: z.strictObject({
    name: text,
    nezoLoginAndPostfach: vendorProfileSchema.shape.nezoLoginAndPostfach,
    legalFramework: z.enum(legalFrameworks),
    identifyingAttributes: vendorProfileSchema.shape.identifyingAttributes,
    numberOfOnlineServices: vendorProfileSchema.shape.numberOfOnlineServices,
    federalState: z.enum(federalStateNames),
    efaService: z.boolean(),
    support: supportContactSchema,
    nezoLoginUrl: httpUrlSchema,
    shortDescription: text,
    goal: text,
    currentState: text,
    timeline: text,
    usersPerMonth: vendorProfileSchema.shape.usersPerMonth,
    moreThan10000Logins: z.boolean(),
    peakTimes: z.boolean(),
    referredBy: text,
    mailbox: text,
  }),
  /** The portal asks for none: "Keine Anhänge notwendig." */
  attachments: z.tuple([]),
});

export type VorhabenApplication = z.infer<typeof vorhabenApplicationSchema>;

/** Throws a ZodError naming the wrong field when the inputs cannot make a valid application. */
export function buildVorhabenApplication(request: StartMukConnection, vendor: VendorProfile): VorhabenApplication {
  const { municipality, responsible, portalLoginUrl } = request;
  return vorhabenApplicationSchema.parse({
    responsibilities: {
      projectLead: { ...responsible, organisation: vendor.name },
      myRole: 'Verantwortlicher beim Dienstleister',
      client: { name: municipality.name, federalState: municipality.federalState, contact: municipality.support },
    },
    project: {
      name: municipality.name,
      nezoLoginAndPostfach: vendor.nezoLoginAndPostfach,
      legalFramework: vendor.legalFramework,
      identifyingAttributes: vendor.identifyingAttributes,
      numberOfOnlineServices: vendor.numberOfOnlineServices,
      federalState: municipality.federalState,
      efaService: vendor.efaService,
      support: municipality.support,
      nezoLoginUrl: portalLoginUrl,
      shortDescription: vendorText(vendor, vendor.texts.kurzbeschreibung),
      goal: vendorText(vendor, vendor.texts.ziel),
      currentState: vendorText(vendor, vendor.texts.stadium),
      timeline: vendorText(vendor, vendor.texts.zeitlicherRahmen),
      usersPerMonth: vendor.usersPerMonth,
      moreThan10000Logins: vendor.moreThan10000Logins,
      peakTimes: vendor.peakTimes,
      referredBy: vendor.name,
      mailbox: vendorText(vendor, vendor.texts.postfach),
    },
    attachments: [],
  });
}

/** A field's value as the portal takes it: text, or a few labelled parts (a person, a contact). */
export type LabelledValue = string | Record<string, string>;
export type LabelledApplication = {
  Verantwortlichkeiten: Record<string, LabelledValue>;
  Vorhaben: Record<string, LabelledValue>;
  Anhänge: string;
};

const yesNo = (value: boolean) => (value ? 'Ja' : 'Nein');

function contact(person: SupportContact): Record<string, string> {
  return { Name: person.name, 'E-Mail': person.email, ...(person.phone ? { Telefon: person.phone } : {}) };
}

/** The application under the portal's German labels, in the portal's order. */
export function labelApplication(application: VorhabenApplication): LabelledApplication {
  const { responsibilities: r, project: p } = application;
  return {
    Verantwortlichkeiten: {
      Vorhabensverantwortlicher: {
        Name: r.projectLead.name,
        'E-Mail': r.projectLead.email,
        Organisation: r.projectLead.organisation,
      },
      'Meine Rolle': r.myRole,
      'Angaben zum Auftraggeber': {
        Name: r.client.name,
        Bundesland: r.client.federalState,
        ...prefixed('Ansprechpartner', contact(r.client.contact)),
      },
    },
    Vorhaben: {
      Name: p.name,
      'NEZO-Login & Postfach 2.0': p.nezoLoginAndPostfach,
      'Rechtlicher Rahmen': p.legalFramework,
      Ordnungsmerkmale: p.identifyingAttributes.join(', '),
      'Anzahl Onlinedienste': String(p.numberOfOnlineServices),
      Bundesland: p.federalState,
      'Efa-Leistung': yesNo(p.efaService),
      Support: contact(p.support),
      'NEZO-Login': p.nezoLoginUrl,
      Kurzbeschreibung: p.shortDescription,
      Ziel: p.goal,
      Stadium: p.currentState,
      'Zeitlicher Rahmen': p.timeline,
      'Anzahl Anwender': `${p.usersPerMonth} pro Monat`,
      'Mehr als 10.000 Logins': yesNo(p.moreThan10000Logins),
      Spitzenzeiten: yesNo(p.peakTimes),
      Aufmerksam: p.referredBy,
      Postfach: p.mailbox,
    },
    Anhänge: 'Keine Anhänge notwendig.',
  };
}

function prefixed(prefix: string, parts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(parts).map(([label, value]) => [`${prefix} ${label}`, value]));
}

/** The application as plain lines (`Label: value`), for e-mails. */
export function applicationLines(application: LabelledApplication): string[] {
  const value = (v: LabelledValue) =>
    typeof v === 'string'
      ? v
      : Object.entries(v)
          .map(([label, part]) => `${label}: ${part}`)
          .join(', ');
  return [
    ...(['Verantwortlichkeiten', 'Vorhaben'] as const).flatMap((section) => [
      `${section}:`,
      ...Object.entries(application[section]).map(([label, v]) => `- ${label}: ${value(v)}`),
    ]),
    `Anhänge: ${application.Anhänge}`,
  ];
}
