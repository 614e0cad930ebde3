// The mails of the connection process (workflows/connection.ts) beyond the human-step ones: the
// receipt of a completed connection, the notice that an approval awaits the document review, and the
// case workers' reminder of documents awaiting review.
import { z } from 'zod';
import { factLabels } from '../../../domain/glossary';
import { defineTemplate } from '../template';
import { formatDateTime, greeting, isoDateTime, organizationName, personName, signOff, webUrl } from './common';

const administrator = z.object({ name: personName, email: z.email() });

const documentationStatus = {
  'approved-by-case-worker': {
    da: 'godkendt af en sagsbehandler',
    de: 'von der Sachbearbeitung geprüft und genehmigt',
    en: 'approved by a case worker',
  },
  'confirmed-by-company-register': {
    da: 'bekræftet via CVR-registeret',
    de: 'über das dänische Unternehmensregister (CVR) bestätigt',
    en: 'confirmed in the Danish company register (CVR)',
  },
} as const;

/**
 * The receipt a representative and registrant keep: what was connected, by whom and when, on which terms,
 * who the administrators are and how the representative's authority was established. Processes started
 * before it said all this sent only names and the terms version; those vars still render.
 */
export const connectionReceipt = defineTemplate({
  name: 'connection-receipt',
  vars: z.object({
    recipientName: personName,
    organizationName,
    /** The CVR number, or (an organisation without one) its id in this system. */
    cvr: z
      .string()
      .regex(/^\d{8}$/)
      .optional(),
    organizationId: z.string().min(1).max(100).optional(),
    connectedAt: isoDateTime,
    approvedBy: personName.optional(),
    approvedAt: isoDateTime.optional(),
    administrators: z
      .array(z.union([personName, administrator]))
      .min(1)
      .max(20),
    termsVersion: z.string().min(1).max(64),
    termsTitle: z.string().min(1).max(300).optional(),
    termsUrl: webUrl.optional(),
    documentation: z.enum(['approved-by-case-worker', 'confirmed-by-company-register']).optional(),
  }),
  compose(vars, language) {
    const when = formatDateTime(vars.connectedAt, language);
    const lines: string[] = [`${factLabels.organization![language]}: ${vars.organizationName}`];
    if (vars.cvr) lines.push(`${{ da: 'CVR-nummer', de: 'CVR-Nummer', en: 'CVR number' }[language]}: ${vars.cvr}`);
    else if (vars.organizationId)
      lines.push(
        `${{ da: 'Organisations-id', de: 'Organisationskennung', en: 'Organisation id' }[language]}: ${vars.organizationId}`,
      );
    if (vars.approvedBy && vars.approvedAt) {
      const approvedAt = formatDateTime(vars.approvedAt, language);
      lines.push(
        {
          da: `Godkendt af: ${vars.approvedBy} den ${approvedAt}`,
          de: `Genehmigt von: ${vars.approvedBy} am ${approvedAt}`,
          en: `Approved by: ${vars.approvedBy} on ${approvedAt}`,
        }[language],
      );
    }
    const terms = vars.termsTitle ? `${vars.termsTitle}, ` : '';
    lines.push(
      `${{ da: 'Vilkår', de: 'Bedingungen', en: 'Terms' }[language]}: ${terms}${{ da: 'version', de: 'Version', en: 'version' }[language]} ${vars.termsVersion}${vars.termsUrl ? ` (${vars.termsUrl})` : ''}`,
    );
    if (vars.documentation) {
      lines.push(
        `${{ da: 'Dokumentation', de: 'Nachweise', en: 'Documentation' }[language]}: ${documentationStatus[vars.documentation][language]}`,
      );
    }
    return {
      subject: {
        da: `Kvittering: ${vars.organizationName} er tilsluttet MitID Erhverv`,
        de: `Bestätigung: ${vars.organizationName} ist an MitID Erhverv angeschlossen`,
        en: `Receipt: ${vars.organizationName} is connected to MitID Erhverv`,
      }[language],
      greeting: greeting(vars.recipientName, language),
      paragraphs: [
        {
          da: `${vars.organizationName} blev tilsluttet MitID Erhverv den ${when}. Gem denne e-mail som kvittering.`,
          de: `${vars.organizationName} wurde am ${when} an MitID Erhverv angeschlossen. Bitte bewahren Sie diese E-Mail als Bestätigung auf.`,
          en: `${vars.organizationName} was connected to MitID Erhverv on ${when}. Please keep this e-mail as your receipt.`,
        }[language],
        lines.join('\n'),
        {
          da: 'Organisationsadministratorerne har fået en e-mail med et link til opsætningen:',
          de: 'Die Organisationsadministratoren haben eine E-Mail mit einem Link zur Einrichtung erhalten:',
          en: 'The organisation administrators have been e-mailed a link to set the organisation up:',
        }[language],
      ],
      details: vars.administrators.map((a) => (typeof a === 'string' ? a : `${a.name} <${a.email}>`)),
      signOff: signOff(language),
    };
  },
});

/** The approval is in and the documentation waits for a case worker: nobody should think the case is stuck. */
export const connectionUnderReview = defineTemplate({
  name: 'connection-under-review',
  vars: z.object({
    recipientName: personName,
    organizationName,
    approvedBy: personName,
    approvedAt: isoDateTime,
    workingDays: z.number().int().min(1).max(60),
  }),
  compose(vars, language) {
    const when = formatDateTime(vars.approvedAt, language);
    return {
      subject: {
        da: `Godkendelsen er modtaget: ${vars.organizationName} – dokumentationen gennemgås`,
        de: `Genehmigung eingegangen: ${vars.organizationName} – die Nachweise werden geprüft`,
        en: `Approval received: ${vars.organizationName} – the documentation is under review`,
      }[language],
      greeting: greeting(vars.recipientName, language),
      paragraphs: [
        {
          da: `${vars.approvedBy} godkendte den ${when} tilslutningen af ${vars.organizationName} til MitID Erhverv. Godkendelsen er modtaget.`,
          de: `${vars.approvedBy} hat am ${when} den Anschluss von ${vars.organizationName} an MitID Erhverv genehmigt. Die Genehmigung ist bei uns eingegangen.`,
          en: `${vars.approvedBy} approved the connection of ${vars.organizationName} to MitID Erhverv on ${when}. We have received the approval.`,
        }[language],
        {
          da: `En sagsbehandler gennemgår nu dokumentationen for ledelsesrepræsentantens tilknytning til organisationen. Det tager op til ${vars.workingDays} arbejdsdage.`,
          de: `Die Sachbearbeitung prüft nun die Nachweise über die Zugehörigkeit der Leitungsvertretung zur Organisation. Das dauert bis zu ${vars.workingDays} Arbeitstage.`,
          en: `A case worker is now reviewing the documentation of the management representative’s tie to the organisation. This takes up to ${vars.workingDays} working days.`,
        }[language],
        {
          da: 'Når dokumentationen er godkendt, får du en kvittering på e-mail, og organisationsadministratorerne får et link til opsætningen. Du skal ikke gøre mere nu.',
          de: 'Sobald die Nachweise genehmigt sind, erhalten Sie eine Bestätigung per E-Mail, und die Organisationsadministratoren erhalten einen Link zur Einrichtung. Sie müssen jetzt nichts weiter tun.',
          en: 'Once the documentation is approved, you will receive a receipt by e-mail, and the organisation administrators a link to set the organisation up. There is nothing more you need to do now.',
        }[language],
      ],
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

export const connectionTemplates = [connectionReceipt, connectionUnderReview, documentReviewReminder];
