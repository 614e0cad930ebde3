// The human steps of every process: their contract names and what a person is shown.
// Workflow code imports this file, so it holds plain data only.
import type { Localized } from './language';

export const stepNames = [
  'prepare-connection',
  'approve-connection',
  'resubmit-documents',
  'review-documents',
  'setup-organization',
  'activate-user',
  'confirm-municipality-data',
  'activate-means',
  'vorhaben-submitted',
  'vorhaben-confirmed',
  'service-provider-created',
  'service-provider-approved',
  'integration-tested',
] as const;

export type StepName = (typeof stepNames)[number];

export const stepTitles: Record<StepName, Localized> = {
  'prepare-connection': {
    da: 'Forbered tilslutningen til MitID Erhverv',
    de: 'Anschluss an MitID Erhverv vorbereiten',
    en: 'Prepare the connection to MitID Erhverv',
  },
  'approve-connection': {
    da: 'Godkend tilslutningen til MitID Erhverv',
    de: 'Anschluss an MitID Erhverv genehmigen',
    en: 'Approve the connection to MitID Erhverv',
  },
  'resubmit-documents': {
    da: 'Indsend dokumentation igen',
    de: 'Nachweise erneut einreichen',
    en: 'Submit the documentation again',
  },
  'review-documents': {
    da: 'Gennemgå dokumentation',
    de: 'Nachweise prüfen',
    en: 'Review documentation',
  },
  'setup-organization': {
    da: 'Opsæt organisationen i MitID Erhverv',
    de: 'Organisation in MitID Erhverv einrichten',
    en: 'Set up the organisation in MitID Erhverv',
  },
  'activate-user': {
    da: 'Aktivér din bruger i MitID Erhverv',
    de: 'Ihren Benutzer in MitID Erhverv aktivieren',
    en: 'Activate your MitID Erhverv user',
  },
  'confirm-municipality-data': {
    da: 'Bekræft kommunens oplysninger til Mein Unternehmenskonto',
    de: 'Angaben der Kommune für Mein Unternehmenskonto bestätigen',
    en: 'Confirm the municipality’s details for Mein Unternehmenskonto',
  },
  'activate-means': {
    da: 'Aktivér dit særskilte MitID',
    de: 'Ihre gesonderte MitID aktivieren',
    en: 'Activate your separate MitID',
  },
  'vorhaben-submitted': {
    da: 'Indsend Vorhaben i MUK-serviceportalen',
    de: 'Vorhaben im MUK-Serviceportal absenden',
    en: 'Submit the Vorhaben in the MUK service portal',
  },
  'vorhaben-confirmed': {
    da: 'Vi venter på bekræftelsen af Vorhaben',
    de: 'Wir warten auf die Bestätigung des Vorhabens',
    en: 'Waiting for the confirmation of the Vorhaben',
  },
  'service-provider-created': {
    da: 'Opret Service Provider i produktionsmiljøet',
    de: 'Service Provider in der Produktionsumgebung anlegen',
    en: 'Create the Service Provider in production',
  },
  'service-provider-approved': {
    da: 'Vi venter på godkendelsen af Service Provider',
    de: 'Wir warten auf die Genehmigung des Service Providers',
    en: 'Waiting for the approval of the Service Provider',
  },
  'integration-tested': {
    da: 'Test integrationen',
    de: 'Integration testen',
    en: 'Test the integration',
  },
};

/**
 * Steps an operator completes once someone else (the MUK service portal) has acted: what the process
 * waits for, so the recipient's mail informs rather than asks them to act.
 */
export const waitingFor: Partial<Record<StepName, Localized>> = {
  'vorhaben-confirmed': {
    da: 'at MUK-serviceportalen bekræfter Vorhaben',
    de: 'die Bestätigung des Vorhabens durch das MUK-Serviceportal',
    en: 'the MUK service portal to confirm the Vorhaben',
  },
  'service-provider-approved': {
    da: 'at MUK-serviceportalen godkender Service Provider',
    de: 'die Genehmigung des Service Providers durch das MUK-Serviceportal',
    en: 'the MUK service portal to approve the Service Provider',
  },
};
