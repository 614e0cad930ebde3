// The Express app factory: testable without listening; main.ts binds it to a port.
import express from 'express';
import type { ApiDeps } from './deps';
import { errorHandler, notFound } from './errors';
import { healthRouter } from './health';
import { requestContext, requireOperator, securityHeaders } from './middleware';
import { pingRouter } from './ping';

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(deps.logger));
  app.use(securityHeaders);
  app.use(healthRouter(deps.readiness));

  const operatorApi = express.Router();
  operatorApi.use(express.json({ limit: '256kb' }));
  operatorApi.use(requireOperator(deps.config.env.OPERATOR_API_KEY));
  operatorApi.use('/ping', pingRouter(deps));
  app.use('/api', operatorApi);

  app.use(notFound);
  app.use(
    errorHandler((error, status) => {
      if (status >= 500) deps.logger.error({ err: error }, 'request failed');
    }),
  );
  return app;
}
