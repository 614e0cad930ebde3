// The activities of MUK connections: the Service Provider's keys and the automated integration check.
import type { AppConfig } from '../../config/env';
import type { Db } from '../../db/open';
import { mukServiceProviderMetadataPath } from '../../domain/muk/paths';
import type { ServiceProviderCertificates } from '../../domain/muk/service-provider';
import type { CertificateSubject } from './certificate';
import { checkIntegration, type IntegrationCheckRequest, type IntegrationCheckResult } from './integration-check';
import { ensureServiceProviderKeys } from './keys';

export function createMukActivities(deps: { db: Db; config: AppConfig }) {
  return {
    /** Answers the certificates only; the private keys stay in the database. */
    async ensureMukServiceProviderKeys(request: {
      municipalityKey: string;
      subject: CertificateSubject;
    }): Promise<ServiceProviderCertificates> {
      return ensureServiceProviderKeys(deps.db, request.municipalityKey, request.subject, new Date());
    },

    async checkMukIntegration(
      request: Omit<IntegrationCheckRequest, 'metadataUrl'> & { connectionId: string },
    ): Promise<IntegrationCheckResult> {
      const { connectionId, ...rest } = request;
      const metadataUrl = `${deps.config.publicBaseUrl}${mukServiceProviderMetadataPath(connectionId)}`;
      return checkIntegration({ ...rest, metadataUrl }, deps.config.env.OPERATOR_API_KEY, new Date());
    },
  };
}

export type MukActivities = ReturnType<typeof createMukActivities>;
