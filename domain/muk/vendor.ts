// The vendor who files Vorhaben for its municipalities, and every value of the application that is
// the vendor's rather than the municipality's. The defaults are optiGov's; another
// vendor overrides any of them with MUK_VENDOR_JSON (config/muk-vendor.ts). `{vendor}` in a text is
// replaced by the vendor's name, so a new name alone already yields consistent texts.
import { z } from 'zod';
import { legalFrameworks } from './datenkranz';

const text = z.string().trim().min(1).max(2000);
const urlPath = z.string().regex(/^\/[\w\-./~]*$/, 'expected an absolute path such as /saml/acs');

export const vendorProfileSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  nezoLoginAndPostfach: z.enum(['Nur NEZO-Login', 'NEZO-Login und Postfach 2.0']),
  legalFramework: z.enum(legalFrameworks),
  identifyingAttributes: z.array(z.enum(['StNr', 'HRNr', 'USt-IdNr'])).min(1),
  numberOfOnlineServices: z.number().int().positive().max(100_000),
  efaService: z.boolean(),
  usersPerMonth: z.number().int().positive().max(10_000_000),
  moreThan10000Logins: z.boolean(),
  peakTimes: z.boolean(),
  texts: z.strictObject({
    kurzbeschreibung: text,
    ziel: text,
    stadium: text,
    zeitlicherRahmen: text,
    postfach: text,
  }),
  /** Where the portal's SAML endpoints live, relative to the origin of the portal's login URL. */
  serviceProvider: z.strictObject({
    entityIdPath: urlPath,
    assertionConsumerServicePath: urlPath,
    singleLogoutServicePath: urlPath,
  }),
});

export type VendorProfile = z.infer<typeof vendorProfileSchema>;

export const defaultVendorProfile: VendorProfile = {
  name: 'optiGov',
  nezoLoginAndPostfach: 'Nur NEZO-Login',
  legalFramework: 'OZG',
  identifyingAttributes: ['StNr'],
  numberOfOnlineServices: 10,
  efaService: false,
  usersPerMonth: 50,
  moreThan10000Logins: false,
  peakTimes: false,
  texts: {
    kurzbeschreibung:
      'Die Anmeldung am MUK ermöglicht es den Unternehmen in der Kommune sich an dem Serviceportal dieser anzumelden.',
    ziel: 'Bisher war die Anmeldung nur über die BundID für Bürger möglich. Da viele Dienstleistungen allerdings für Unternehmen angeboten werden, soll die Anbindung des MUK ebenfalls Unternehmen den Login am Serviceportal ermöglichen und so dabei helfen Anträge, welche durch Unternehmen gestellt werden, mit Authentifizierung einzureichen.',
    stadium: 'Das Serviceportal ist einsatzbereit und soll nun um den Login des MUK erweitert werden.',
    zeitlicherRahmen:
      'Die Entwicklung ist bereits abgeschlossen, da es sich bei dem Serviceportal der Firma {vendor} um ein Standard-Projekt handelt. Die Tests werden stetig in einem separaten System der Firma {vendor} durchgeführt. Somit können wir nach Genehmigung direkt starten.',
    postfach: 'Das Postfach soll perspektivisch später angebunden werden.',
  },
  serviceProvider: {
    entityIdPath: '/saml/muk/metadata',
    assertionConsumerServicePath: '/saml/muk/acs',
    singleLogoutServicePath: '/saml/muk/slo',
  },
};

export function vendorText(vendor: VendorProfile, template: string): string {
  return template.replaceAll('{vendor}', vendor.name);
}
