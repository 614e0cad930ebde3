// The automated part of the integration test, run once the Service Provider is approved: the metadata is
// served as generated (so it is the document the XSD test validates), no certificate expires within 30
// days, and the portal's login page answers. The person testing the login sees the result.
import { serviceProviderMetadataXml } from '../../domain/muk/metadata-xml';
import type { ServiceProviderCertificates, ServiceProviderPlan } from '../../domain/muk/service-provider';
import { certificateNotAfter } from './certificate';

const minimumCertificateDays = 30;
const requestTimeoutMs = 10_000;

export interface IntegrationCheckRequest {
  metadataUrl: string;
  portalLoginUrl: string;
  plan: ServiceProviderPlan;
  certificates: ServiceProviderCertificates;
}

export interface IntegrationCheckItem {
  name: 'metadata-served' | 'certificates-valid' | 'login-reachable';
  ok: boolean;
  detail: string;
}

export interface IntegrationCheckResult {
  passed: boolean;
  checkedAt: string;
  checks: IntegrationCheckItem[];
}

async function checkMetadata(request: IntegrationCheckRequest, operatorKey: string): Promise<IntegrationCheckItem> {
  const name = 'metadata-served';
  try {
    const response = await fetch(request.metadataUrl, {
      headers: { authorization: `Bearer ${operatorKey}`, accept: 'application/samlmetadata+xml, application/xml' },
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    if (!response.ok) return { name, ok: false, detail: `${request.metadataUrl} answered ${response.status}` };
    const served = await response.text();
    const expected = serviceProviderMetadataXml(request.plan, request.certificates);
    if (served !== expected)
      return { name, ok: false, detail: 'the served metadata differs from the Service Provider as registered' };
    return { name, ok: true, detail: `served at ${request.metadataUrl} for ${request.plan.entityId}` };
  } catch (error) {
    return { name, ok: false, detail: `${request.metadataUrl}: ${(error as Error).message}` };
  }
}

function checkCertificates(certificates: ServiceProviderCertificates, now: Date): IntegrationCheckItem {
  const limit = now.getTime() + minimumCertificateDays * 86_400_000;
  const expiring = Object.values(certificates)
    .map((certificate) => ({ use: certificate.use, notAfter: certificateNotAfter(certificate.certificatePem) }))
    .filter((certificate) => certificate.notAfter.getTime() < limit);
  if (expiring.length > 0) {
    return {
      name: 'certificates-valid',
      ok: false,
      detail: expiring.map((c) => `${c.use} certificate expires ${c.notAfter.toISOString()}`).join('; '),
    };
  }
  return {
    name: 'certificates-valid',
    ok: true,
    detail: `no certificate expires within ${minimumCertificateDays} days`,
  };
}

async function checkLogin(portalLoginUrl: string): Promise<IntegrationCheckItem> {
  const name = 'login-reachable';
  try {
    const response = await fetch(portalLoginUrl, { redirect: 'follow', signal: AbortSignal.timeout(requestTimeoutMs) });
    await response.body?.cancel();
    return { name, ok: response.status < 400, detail: `${portalLoginUrl} answered ${response.status}` };
  } catch (error) {
    return { name, ok: false, detail: `${portalLoginUrl}: ${(error as Error).message}` };
  }
}

/** Read-only, so safe to retry; a failed check is a result for the person, not an activity failure. */
export async function checkIntegration(
  request: IntegrationCheckRequest,
  operatorKey: string,
  now: Date,
): Promise<IntegrationCheckResult> {
  const checks = [
    await checkMetadata(request, operatorKey),
    checkCertificates(request.certificates, now),
    await checkLogin(request.portalLoginUrl),
  ];
  return { passed: checks.every((check) => check.ok), checkedAt: now.toISOString(), checks };
}
