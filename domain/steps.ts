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
  'vorhaben-submitted': {
    da: 'Indsend Vorhaben i MUK-serviceportalen',
    de: 'Vorhaben im MUK-Serviceportal absenden',
    en: 'Submit the Vorhaben in the MUK service portal',
  },
  'vorhaben-confirmed': {
    da: 'Afvent bekræftelse af Vorhaben',
    de: 'Bestätigung des Vorhabens abwarten',
    en: 'Record the confirmation of the Vorhaben',
  },
  'service-provider-created': {
    da: 'Opret Service Provider i produktionsmiljøet',
    de: 'Service Provider in der Produktionsumgebung anlegen',
    en: 'Create the Service Provider in production',
  },
  'service-provider-approved': {
    da: 'Afvent godkendelse af Service Provider',
    de: 'Genehmigung des Service Providers abwarten',
    en: 'Record the approval of the Service Provider',
  },
  'integration-tested': {
    da: 'Test integrationen',
    de: 'Integration testen',
    en: 'Test the integration',
  },
};
