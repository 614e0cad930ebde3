// The notice of updated terms every organisation administrator receives (workflows/terms-update.ts).
// The exact date is not known when a notice leaves: it is counted from the last notice sent to anyone.
import { z } from 'zod';
import { defineTemplate } from '../template';
import { greeting, organizationName, personName, signOff, webUrl } from './common';

export const termsUpdateNotice = defineTemplate({
  name: 'terms-update-notice',
  vars: z.object({
    recipientName: personName,
    organizationName,
    version: z.string().min(1).max(64),
    title: z.string().trim().min(1).max(300),
    url: webUrl,
    noticeMonths: z.number().int().min(1).max(24),
  }),
  compose(vars, language) {
    const months = vars.noticeMonths;
    return {
      subject: {
        da: `Nye vilkår for MitID Erhverv (version ${vars.version})`,
        de: `Neue Nutzungsbedingungen für MitID Erhverv (Version ${vars.version})`,
        en: `New terms for MitID Erhverv (version ${vars.version})`,
      }[language],
      greeting: greeting(vars.recipientName, language),
      paragraphs: [
        {
          da: `Vilkårene for MitID Erhverv er blevet opdateret. Du modtager denne besked som organisationsadministrator for ${vars.organizationName}.`,
          de: `Die Nutzungsbedingungen für MitID Erhverv wurden aktualisiert. Sie erhalten diese Nachricht als Organisationsadministrator von ${vars.organizationName}.`,
          en: `The terms for MitID Erhverv have been updated. You receive this notice as an organisation administrator of ${vars.organizationName}.`,
        }[language],
        {
          da: `De nye vilkår gælder ${months} måneder efter, at opdateringen er sendt til alle brugerorganisationer i MitID Erhverv.`,
          de: `Die neuen Bedingungen gelten ${months} Monate, nachdem die Aktualisierung an alle Nutzerorganisationen von MitID Erhverv versandt wurde.`,
          en: `The new terms apply ${months} months after the update has been sent to all user organisations of MitID Erhverv.`,
        }[language],
      ],
      action: { label: { da: 'Læs de nye vilkår', de: 'Neue Bedingungen lesen', en: 'Read the new terms' }[language], url: vars.url, note: vars.title },
      signOff: signOff(language),
    };
  },
});

export const termsTemplates = [termsUpdateNotice];
