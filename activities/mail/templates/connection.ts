// The mails of the connection process (workflows/connection.ts) beyond the human-step ones: the
// receipt of a completed connection, and the case workers' reminder of documents awaiting review.
import { z } from 'zod';
import { defineTemplate } from '../template';
import { formatDateTime, greeting, isoDateTime, organizationName, personName, signOff } from './common';

export const connectionReceipt = defineTemplate({
  name: 'connection-receipt',
  vars: z.object({
    recipientName: personName,
    organizationName,
    connectedAt: isoDateTime,
    administrators: z.array(personName).min(1).max(20),
    termsVersion: z.string().min(1).max(64),
  }),
  compose(vars, language) {
    const when = formatDateTime(vars.connectedAt, language);
    return {
      subject: {
        da: `Kvittering: ${vars.organizationName} er tilsluttet MitID Erhverv`,
        de: `Bestätigung: ${vars.organizationName} ist an MitID Erhverv angeschlossen`,
        en: `Receipt: ${vars.organizationName} is connected to MitID Erhverv`,
      }[language],
      greeting: greeting(vars.recipientName, language),
      paragraphs: [
        {
          da: `${vars.organizationName} blev tilsluttet MitID Erhverv ${when}, på vilkår version ${vars.termsVersion}.`,
          de: `${vars.organizationName} wurde am ${when} an MitID Erhverv angeschlossen, zu den Bedingungen in Version ${vars.termsVersion}.`,
          en: `${vars.organizationName} was connected to MitID Erhverv on ${when}, under terms version ${vars.termsVersion}.`,
        }[language],
        {
          da: 'Organisationsadministratorerne har fået en e-mail med et link til opsætningen:',
          de: 'Die Organisationsadministratoren haben eine E-Mail mit einem Link zur Einrichtung erhalten:',
          en: 'The organisation administrators have been e-mailed a link to set the organisation up:',
        }[language],
      ],
      details: vars.administrators,
      signOff: signOff(language),
    };
  },
});

export const documentReviewReminder = defineTemplate({
  name: 'document-review-reminder',
  vars: z.object({
    organizationName,
    connectionId: z.string().min(1).max(100),
    pending: z.number().int().min(1),
    waitingWorkingDays: z.number().int().min(1),
  }),
  compose(vars, language) {
    return {
      subject: {
        da: `Dokumentation venter på gennemgang: ${vars.organizationName}`,
        de: `Nachweise warten auf Prüfung: ${vars.organizationName}`,
        en: `Documentation awaiting review: ${vars.organizationName}`,
      }[language],
      greeting: { da: 'Kære sagsbehandler', de: 'Guten Tag,', en: 'Dear case worker,' }[language],
      paragraphs: [
        {
          da: `${vars.pending} dokument(er) for ${vars.organizationName} (tilslutning ${vars.connectionId}) har ventet ${vars.waitingWorkingDays} arbejdsdage på gennemgang.`,
          de: `${vars.pending} Nachweis(e) für ${vars.organizationName} (Anschluss ${vars.connectionId}) warten seit ${vars.waitingWorkingDays} Arbeitstagen auf Prüfung.`,
          en: `${vars.pending} document(s) of ${vars.organizationName} (connection ${vars.connectionId}) have waited ${vars.waitingWorkingDays} working days for review.`,
        }[language],
      ],
      signOff: signOff(language),
    };
  },
});

export const connectionTemplates = [connectionReceipt, documentReviewReminder];
