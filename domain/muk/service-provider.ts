// The municipality portal's SAML 2.0 Service Provider as the MUK service portal registers it (in the
// production environment), and the values its form asks for beside the metadata.
import { datenkranzFor } from './datenkranz';
import type { VorhabenApplication } from './application';
import type { Municipality } from './municipality';
import type { VendorProfile } from './vendor';

export type KeyUse = 'signing' | 'encryption';

/** A certificate as the workflow may hold it: public parts only, never the private key. */
export interface ServiceProviderCertificate {
  use: KeyUse;
  certificatePem: string;
  notAfter: string;
  sha256Fingerprint: string;
}

export type ServiceProviderCertificates = Record<KeyUse, ServiceProviderCertificate>;

export interface ServiceProviderPlan {
  environment: 'production';
  /** Production Service Providers see real business accounts; test accounts belong to the test environment. */
  accountType: 'real' | 'test';
  name: string;
  entityId: string;
  assertionConsumerServiceUrl: string;
  singleLogoutServiceUrl: string;
  datenkranz: string;
  organisation: { name: string; displayName: string; url: string };
  contact: { company: string; name: string; email: string; phone?: string };
}

export function planServiceProvider(
  municipality: Municipality,
  portalLoginUrl: string,
  application: VorhabenApplication,
  vendor: VendorProfile,
): ServiceProviderPlan {
  const origin = new URL(portalLoginUrl).origin;
  const { entityIdPath, assertionConsumerServicePath, singleLogoutServicePath } = vendor.serviceProvider;
  return {
    environment: 'production',
    accountType: 'real',
    name: `Serviceportal ${municipality.name}`,
    entityId: origin + entityIdPath,
    assertionConsumerServiceUrl: origin + assertionConsumerServicePath,
    singleLogoutServiceUrl: origin + singleLogoutServicePath,
    datenkranz: datenkranzFor(application.project.legalFramework),
    organisation: { name: municipality.name, displayName: `Serviceportal ${municipality.name}`, url: origin },
    contact: { company: municipality.name, ...municipality.support },
  };
}

/** The portal wants certificates as bare base64: no BEGIN/END lines, no line breaks. */
export function bareBase64(pem: string): string {
  return pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
}

/** The Service Provider form of the MUK service portal, field by field under its German labels. */
export function serviceProviderFormValues(
  plan: ServiceProviderPlan,
  certificates: ServiceProviderCertificates,
): Record<string, string> {
  return {
    Umgebung: plan.environment === 'production' ? 'Produktion' : 'Test',
    Name: plan.name,
    'Entity-ID': plan.entityId,
    Datenkranz: plan.datenkranz,
    Kontotyp: plan.accountType === 'real' ? 'Echte Konten' : 'Testkonten',
    'Assertion Consumer Service (HTTP-POST)': plan.assertionConsumerServiceUrl,
    'Single Logout Service (HTTP-Redirect)': plan.singleLogoutServiceUrl,
    Signaturzertifikat: bareBase64(certificates.signing.certificatePem),
    Verschlüsselungszertifikat: bareBase64(certificates.encryption.certificatePem),
  };
}
