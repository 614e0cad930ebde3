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
  }),
  compose(vars, language) {
    const { municipalityName: town, vendorName: vendor } = vars;
    return {
      subject: {
        da: `Mein Unternehmenskonto er tilsluttet – ${town}`,
        de: `Mein Unternehmenskonto ist angebunden – ${town}`,
        en: `Mein Unternehmenskonto is connected – ${town}`,
      }[language],
      greeting: greeting(vars.recipientName, language),
      paragraphs: [
        {
          da: `Serviceportalen for ${town} er nu tilsluttet Mein Unternehmenskonto (MUK): virksomheder kan logge ind med deres virksomhedskonto.`,
          de: `Das Serviceportal von ${town} ist jetzt an Mein Unternehmenskonto (MUK) angebunden: Unternehmen können sich mit ihrem Unternehmenskonto anmelden.`,
          en: `The service portal of ${town} is now connected to Mein Unternehmenskonto (MUK): companies can log in with their business account.`,
        }[language],
        {
          da: `Integrationen er testet af ${vendor}. Henvend dig til ${vendor} ved spørgsmål.`,
          de: `Die Integration wurde von ${vendor} getestet. Bei Fragen wenden Sie sich bitte an ${vendor}.`,
          en: `The integration has been tested by ${vendor}. Please contact ${vendor} with any questions.`,
        }[language],
      ],
      action: { label: { da: 'Åbn login', de: 'Zur Anmeldung', en: 'Open the login' }[language], url: vars.portalLoginUrl },
      signOff: signOff(language),
    };
  },
});

export const mukTemplates = [mukConnectionDone];
