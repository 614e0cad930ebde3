// The console for operators and case workers (`/console`): sign-in with the operator key, then every
// screen behind requireConsoleOperator. Each screen is a router of its own, mounted here.
import express, { Router, type RequestHandler } from 'express';
import type { Language } from '../../domain/language';
import { safeReturnTo } from '../auth';
import type { ApiDeps } from '../deps';
import { operatorAuthFor } from '../middleware';
import { allowedMethods } from '../route-templates';
import { h } from '../pages/jsx';
import { browserLanguage } from '../pages/language';
import { renderPage } from '../pages/layout';
import { consoleCasesRouter } from './cases';
import { mukScreens } from './muk';
import { consoleOperator, endConsoleSession, startConsoleSession } from './operator-session';
import { reviewsRouter } from './reviews';
import { startScreens } from './start';
import { termsScreens } from './terms';
import { consoleText } from './texts';
import { Alert } from '../pages/alert';

function loginPage(language: Language, returnTo: string, problem?: string): string {
  const t = (key: Parameters<typeof consoleText>[1]) => consoleText(language, key);
  return renderPage({
    language,
    title: t('signIn'),
    children: (
      <form class="card" method="post" action="/console/login">
        <h1>{t('signIn')}</h1>
        <Alert>{problem}</Alert>
        <p class="muted">{t('signInHint')}</p>
        <input type="hidden" name="returnTo" value={returnTo} />
        <label for="key">{t('operatorKey')}</label>
        <input id="key" type="password" name="key" autocomplete="current-password" required />
        <button type="submit">{t('signInButton')}</button>
      </form>
    ),
  });
}

/**
 * Console pages: the signed-in operator, or, in place of the page, 401 with the sign-in form, which returns
 * to the page asked for (a GET's own address; after a form post without a session, "Waiting for me").
 */
export function requireConsoleOperator(deps: Pick<ApiDeps, 'config'>): RequestHandler {
  const keyId = operatorAuthFor(deps.config).keyId;
  const allowed = allowedMethods(deps.config);
  return (req, res, next) => {
    // A method or path no screen answers leaves for the 404 or 405 (with Allow), signed in or not.
    if (!allowed(req.originalUrl.split('?')[0]!).includes(req.method)) return next('router');
    const operator = consoleOperator(req, deps.config, keyId);
    if (!operator) {
      const returnTo = req.method === 'GET' || req.method === 'HEAD' ? safeReturnTo(req.originalUrl) : '/console';
      res
        .status(401)
        .type('html')
        .send(loginPage(browserLanguage(req), returnTo));
      return;
    }
    req.operator = operator;
    next();
  };
}

export function consoleRouter(deps: ApiDeps): Router {
  const { config } = deps;
  const operator = operatorAuthFor(config);
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  router.get('/console/login', (req, res) => {
    res.type('html').send(loginPage(browserLanguage(req), safeReturnTo(req.query.returnTo)));
  });
  router.post('/console/login', form, (req, res) => {
    const language = browserLanguage(req);
    const returnTo = safeReturnTo(req.body?.returnTo);
    if (!operator.verify(req, res, typeof req.body?.key === 'string' ? req.body.key : undefined)) {
      res
        .status(401)
        .type('html')
        .send(loginPage(language, returnTo, consoleText(language, 'wrongKey')));
      return;
    }
    req.operator = { keyId: operator.keyId };
    startConsoleSession(res, config, operator.keyId);
    res.redirect(303, returnTo.startsWith('/console') ? returnTo : '/console');
  });
  router.post('/console/logout', (_req, res) => {
    endConsoleSession(res, config);
    res.redirect(303, '/console/login');
  });

  const screens = Router();
  screens.use(requireConsoleOperator(deps));
  screens.use(form);
  screens.use(reviewsRouter(deps));
  screens.use(consoleCasesRouter(deps));
  screens.use(startScreens(deps));
  screens.use(mukScreens(deps));
  screens.use(termsScreens(deps));
  router.use('/console', screens);
  return router;
}
