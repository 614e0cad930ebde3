// The Express app factory: testable without listening; main.ts binds it to a port.
import express from 'express';
import { adminRouter } from './admin/router';
import { auditOperatorCalls, auditRouter, recordLogin } from './audit';
import { authRouter } from './auth';
import { casesRouter } from './cases';
import { codecRouter } from './codec';
import { consoleRouter } from './console/router';
import { rejectCrossOriginRequests } from './cross-origin';
import type { ApiDeps } from './deps';
import { devMailRouter } from './dev-mail';
import { errorHandler, notFound } from './errors';
import { healthRouter } from './health';
import { requestContext, requireOperator, securityHeaders } from './middleware';
import { connectionsRouter } from './connections';
import { linksRouter } from './links';
import { devMitIdAppRouter, meansBrokerFor } from './means-activation';
import { httpMetrics, metricsRouter } from './metrics';
import { mukApplicationViewRouter, mukRouter } from './muk';
import { openApiRouter } from './openapi';
import { organizationsRouter } from './organizations';
import { pingRouter } from './ping';
import { assetsRouter } from './pages/assets';
import { allowedMethods, routeMatcher } from './route-templates';
import { sessionMiddleware } from './session';
import { termsRouter } from './terms';

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.env.TRUST_PROXY);
  app.use(requestContext(deps.logger));
  app.use(securityHeaders);
  app.use(httpMetrics(deps.config));
  app.use(healthRouter(deps.readiness));
  app.use(metricsRouter(deps));
  app.use(openApiRouter(deps.config));
  app.use(assetsRouter());
  app.use(rejectCrossOriginRequests(deps.config));
  app.use(sessionMiddleware(deps));
  app.use(
    '/auth',
    authRouter(deps, (subject) => recordLogin(deps.db, subject)),
  );
  app.use(['/api', '/codec', '/console'], auditOperatorCalls(deps, routeMatcher(deps.config)));
  app.use('/codec', codecRouter(deps.config));
  const meansBroker = meansBrokerFor(deps);
  if (!deps.config.production) app.use('/dev', devMailRouter(deps.config), devMitIdAppRouter(deps, meansBroker));

  // Before the operator-only API: these calls also accept an administrator's session, with their own check.
  app.use('/api/organizations', auditRouter(deps));
  app.use('/api/organizations', organizationsRouter(deps));
  const operatorApi = express.Router();
  // The key first: nobody gets a body parsed without it.
  operatorApi.use(requireOperator(deps.config));
  operatorApi.use(express.json({ limit: '256kb' }));
  operatorApi.use('/ping', pingRouter(deps));
  operatorApi.use('/muk/connections', mukRouter(deps));
  operatorApi.use('/connections', connectionsRouter(deps));
  operatorApi.use('/terms', termsRouter(deps));
  operatorApi.use('/cases', casesRouter(deps));
  app.use('/api', operatorApi);
  app.use(consoleRouter(deps));
  app.use(adminRouter(deps));
  app.use(linksRouter({ ...deps, meansBroker }));
  app.use(mukApplicationViewRouter(deps));

  app.use(notFound(allowedMethods(deps.config)));
  app.use(
    errorHandler((error, status) => {
      if (status >= 500) deps.logger.error({ err: error }, 'request failed');
    }),
  );
  return app;
}
