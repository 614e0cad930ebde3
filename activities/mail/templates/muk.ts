// The mails of the MUK connection (workflows/muk-connection.ts) beyond the human-step ones: the
// municipality's support contact learns that companies can now log in with Mein Unternehmenskonto.
import { z } from 'zod';
import { defineTemplate } from '../template';
import { greeting, organizationName, personName, signOff, webUrl } from './common';

export const mukConnectionDone = defineTemplate({
  name: 'muk-connection-done',
  vars: z.object({
    recipientName: personName,
    municipalityName: organizationName,
    vendorName: organizationName,
    portalLoginUrl: webUrl,
    // Optional: sends scheduled without it may still be retried.
    entityId: webUrl.optional(),
    /** Whether the Vorhaben asked for the NEZO login only, so Postfach 2.0 follows later. */
    mailboxLater: z.boolean().optional(),
  }),
  compose(vars, language) {
    const { municipalityName: town, vendorName: vendor } = vars;
    const connected = [
      {
        da: `Serviceportal: ${vars.portalLoginUrl}`,
        de: `Serviceportal: ${vars.portalLoginUrl}`,
        en: `Service portal: ${vars.portalLoginUrl}`,
      }[language],
      ...(vars.entityId
        ? [
            {
              da: `Service Provider i MUK’s produktionsmiljø, entity-id: ${vars.entityId}`,
              de: `Service Provider in der Produktionsumgebung des MUK, Entity-ID: ${vars.entityId}`,
              en: `Service Provider in the MUK production environment, entity ID: ${vars.entityId}`,
            }[language],
          ]
        : []),
    ];
    const next = vars.mailboxLater
      ? {
          da: 'Foreløbig er kun login (NEZO-login) tilsluttet. Postfach 2.0 skal efter planen tilsluttes senere; det tager vi op med jer særskilt. Indtil da skal I ikke gøre noget.',
          de: 'Angebunden ist vorerst nur die Anmeldung (NEZO-Login). Das Postfach 2.0 soll perspektivisch später angebunden werden; dazu kommen wir gesondert auf Sie zu. Bis dahin ist von Ihrer Seite nichts zu tun.',
          en: 'For now only the login (NEZO login) is connected. Postfach 2.0 is to be connected later; we will contact you about it separately. Until then there is nothing for you to do.',
        }[language]
      : undefined;
    return {
      subject: {
        da: `Mein Unternehmenskonto er tilsluttet – ${town}`,
        de: `Mein Unternehmenskonto ist angebunden – ${town}`,
        en: `Mein Unternehmenskonto is connected – ${town}`,
      }[language],
      greeting: greeting(vars.recipientName, language),
      paragraphs: [
        {
          da: `Serviceportalen for ${town} er nu tilsluttet Mein Unternehmenskonto (MUK). Virksomheder kan fra nu af logge ind på serviceportalen med deres virksomhedskonto og indsende ansøgninger med autentificering.`,
          de: `Das Serviceportal von ${town} ist jetzt an Mein Unternehmenskonto (MUK) angebunden. Unternehmen können sich ab sofort mit ihrem Unternehmenskonto am Serviceportal anmelden und Anträge mit Authentifizierung einreichen.`,
          en: `The service portal of ${town} is now connected to Mein Unternehmenskonto (MUK). From now on, companies can log in to the service portal with their business account and submit applications with authentication.`,
        }[language],
        ...(next ? [next] : []),
        {
          da: `Integrationen er testet af ${vendor}. Henvend dig til ${vendor} ved spørgsmål. Det, der er tilsluttet:`,
          de: `Die Integration wurde von ${vendor} getestet. Bei Fragen wenden Sie sich bitte an ${vendor}. Angebunden wurde:`,
          en: `The integration has been tested by ${vendor}. Please contact ${vendor} with any questions. What was connected:`,
        }[language],
      ],
      details: connected,
      action: {
        label: { da: 'Åbn login', de: 'Zur Anmeldung', en: 'Open the login' }[language],
        url: vars.portalLoginUrl,
      },
      signOff: signOff(language),
    };
  },
});

export const mukTemplates = [mukConnectionDone];
