// A user's separate MitID means: the one-time activation code handed out on their step link (api/links.ts)
// and, in development, `/dev/mitid-app`, the stand-in MitID app where a person types it, whose confirmation
// completes the process's `activate-means` step. The code goes from the broker to the person's screen only:
// never into the DB in clear, the logs or a workflow history.
import express, { Router, type Request } from 'express';
import type { Markup } from '../activities/mail/html';
import { createDevMitIdMeansBroker, type IssuedActivation, type MitIdMeansBroker } from '../activities/mitid-means';
import type { AppConfig } from '../config/env';
import type { Db } from '../db/open';
import { userAwaitingActivation } from '../db/users';
import { wordsIn, type Language, type Localized } from '../domain/language';
import { separateMeans, type SeparateMeans } from '../domain/step-inputs';
import { markLinkUsed } from '../links/store';
import { completeStepUpdate } from '../workflows/process.messages';
import type { MeansConfirmation } from '../workflows/user-activation.messages';
import type { ApiDeps } from './deps';
import { HttpError, parseOr422 } from './errors';
import { httpErrorFromUpdate } from './process-calls';
import { browserLanguage } from './pages/language';
import { h, Fragment } from './pages/jsx';
import { renderPage } from './pages/layout';
import { tooManyRequests, WindowCounter } from './rate-limit';
import { activationCodeBody, appQuery } from './schemas';
import { Alert } from './pages/alert';

/** Wrong codes a client IP may present per window before it is refused, as for the operator key. */
export const activationCodeFailures = { limit: 10, windowMs: 15 * 60_000 };

/** The broker the deployment configures; development's and the tests' is the dev broker. */
export function meansBrokerFor(deps: Pick<ApiDeps, 'db' | 'config' | 'meansBroker'>): MitIdMeansBroker {
  return (
    deps.meansBroker ??
    createDevMitIdMeansBroker({
      db: deps.db,
      hashKey: deps.config.env.PSEUDONYM_KEY,
      codeValidFor: deps.config.durations.activationCode.validFor,
    })
  );
}

export interface HandedOutCode extends IssuedActivation {
  means: SeparateMeans;
  /** Where a person activates it in development (the stand-in app); absent in production. */
  appUrl?: string;
}

/** Issues a code for the user the `activate-means` step waits for, under that step's link. */
export async function handOutActivationCode(
  deps: { db: Db; config: AppConfig; broker: MitIdMeansBroker },
  step: { workflowId: string; userId: string; linkId: string; notAfter: string },
): Promise<HandedOutCode> {
  const user = await userAwaitingActivation(deps.db, step.userId, step.workflowId);
  const means = separateMeans.find((candidate) => candidate === user?.loginMethod);
  if (!user || !means)
    throw new HttpError(409, 'step_not_pending', 'This user no longer waits for a separate MitID to be activated');
  const issued = await deps.broker.issueActivation({
    orgId: user.orgId,
    userId: step.userId,
    workflowId: step.workflowId,
    linkId: step.linkId,
    means,
    notAfter: step.notAfter,
  });
  return {
    ...issued,
    means,
    ...(deps.config.production ? {} : { appUrl: `${deps.config.publicBaseUrl}/dev/mitid-app` }),
  };
}

/** The answer fields of a handed-out code (POST /l/<token>). */
export function activationCodeFields(code: HandedOutCode) {
  return {
    activationCode: code.code,
    activationCodeExpiresAt: code.expiresAt,
    means: code.means,
    ...(code.appUrl ? { activationAppUrl: code.appUrl } : {}),
  };
}

const appTexts = {
  title: {
    da: 'MitID app (udviklingsudgave)',
    de: 'MitID-App (Entwicklungsversion)',
    en: 'MitID app (development stand-in)',
  },
  intro: {
    da: 'Indtast den aktiveringskode, du fik, da du valgte at aktivere dit MitID.',
    de: 'Geben Sie den Aktivierungscode ein, den Sie erhalten haben, als Sie die Aktivierung Ihrer MitID gewählt haben.',
    en: 'Enter the activation code you were shown when you chose to activate your MitID.',
  },
  code: { da: 'Aktiveringskode', de: 'Aktivierungscode', en: 'Activation code' },
  activate: { da: 'Aktivér', de: 'Aktivieren', en: 'Activate' },
  activated: { da: 'Dit MitID er aktiveret.', de: 'Ihre MitID ist aktiviert.', en: 'Your MitID is activated.' },
  activatedNext: {
    da: 'Din bruger er nu aktiv, og du kan logge ind på vegne af organisationen med dit MitID.',
    de: 'Ihr Benutzer ist jetzt aktiv; Sie können sich mit Ihrer MitID für die Organisation anmelden.',
    en: 'Your user is now active, and you can log in on behalf of the organisation with your MitID.',
  },
  unknown: {
    da: 'Koden er ukendt. Tjek, at du har skrevet den rigtigt.',
    de: 'Der Code ist unbekannt. Prüfen Sie, ob Sie ihn richtig eingegeben haben.',
    en: 'The code is unknown. Check that you typed it correctly.',
  },
  used: {
    da: 'Koden er allerede brugt.',
    de: 'Der Code wurde bereits verwendet.',
    en: 'The code has already been used.',
  },
  expired: {
    da: 'Koden er udløbet: hent en ny på din aktiveringsside.',
    de: 'Der Code ist abgelaufen: Holen Sie sich auf Ihrer Aktivierungsseite einen neuen.',
    en: 'The code has expired: get a new one on your activation page.',
  },
  noLongerWaiting: {
    da: 'Aktiveringen venter ikke længere (den er udløbet eller afsluttet).',
    de: 'Die Aktivierung wartet nicht mehr (sie ist abgelaufen oder beendet).',
    en: 'The activation no longer waits (it has expired or ended).',
  },
} satisfies Record<string, Localized>;

/** The app's language: the one the code's page links it with (or its form sent), else the browser's. */
function appLanguage(req: Request, asked: Language | undefined): Language {
  return asked ?? browserLanguage(req);
}

function appPage(language: Language, body: Markup): string {
  const title = appTexts.title[language];
  return renderPage({
    language,
    title,
    children: (
      <section class="card">
        <h1>{title}</h1>
        {body}
      </section>
    ),
  });
}

function appForm(language: Language, problem?: string): string {
  const t = wordsIn(appTexts, language);
  return appPage(
    language,
    <>
      <p>{t('intro')}</p>
      <Alert>{problem}</Alert>
      <form method="post" action="/dev/mitid-app/activations">
        <input type="hidden" name="lang" value={language} />
        <label for="code">{t('code')}</label>
        <input id="code" type="text" name="code" autocomplete="off" autocapitalize="characters" required />
        <button type="submit">{t('activate')}</button>
      </form>
    </>,
  );
}

const refusals: Record<'unknown' | 'used' | 'expired', [number, string, string]> = {
  unknown: [404, 'unknown_activation_code', 'The code is unknown'],
  used: [409, 'activation_code_used', 'The code has already been used'],
  expired: [410, 'activation_code_expired', 'The code has expired: get a new one on your activation page'],
};

function wantsHtml(req: Request): boolean {
  return (
    req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded' ||
    req.accepts(['application/json', 'text/html']) === 'text/html'
  );
}

/** Development only: the MitID app a person uses to activate their means with the code. */
export function devMitIdAppRouter(deps: ApiDeps, broker: MitIdMeansBroker, clock: () => number = Date.now): Router {
  const router = Router();
  const failures = new WindowCounter(activationCodeFailures.windowMs);

  router.get('/mitid-app', (req, res) => {
    const { lang } = parseOr422(appQuery, req.query, 'query');
    res.type('html').send(appForm(appLanguage(req, lang)));
  });

  router.post(
    '/mitid-app/activations',
    express.json({ limit: '4kb' }),
    express.urlencoded({ extended: false, limit: '4kb' }),
    async (req, res) => {
      const now = clock();
      const ip = req.ip ?? 'unknown';
      const window = failures.peek(ip, now);
      if (window && window.count >= activationCodeFailures.limit) throw tooManyRequests(res, window, now);
      const html = wantsHtml(req);
      const { code, lang } = parseOr422(activationCodeBody, req.body ?? {});
      const language = appLanguage(req, lang);
      const confirmation = await broker.confirmActivation(code);
      if (!confirmation.ok) {
        failures.hit(ip, now);
        const [status, errorCode, message] = refusals[confirmation.reason];
        if (html) res.status(status).type('html').send(appForm(language, appTexts[confirmation.reason][language]));
        else res.status(status).json({ error: { code: errorCode, message } });
        return;
      }
      const { activation } = confirmation;
      req.workflowId = activation.workflowId;
      const input: MeansConfirmation = { activationId: activation.activationId };
      try {
        // The broker's confirmation completes the step the code was handed out under; a retry is one Update.
        await deps.temporal.workflow.getHandle(activation.workflowId).executeUpdate(completeStepUpdate, {
          args: [
            {
              step: 'activate-means',
              key: activation.userId,
              linkId: activation.linkId,
              actor: { kind: 'broker', broker: 'mitid-broker' },
              input,
            },
          ],
          updateId: `means-${activation.activationId}`,
        });
        // Its link is done with: the process counts it no longer among those it waits for.
        await markLinkUsed(deps.db, activation.linkId, new Date());
      } catch (error) {
        const refused = httpErrorFromUpdate(error);
        if (!refused) throw error;
        if (!html) throw refused;
        res.status(refused.status).type('html').send(appForm(language, appTexts.noLongerWaiting[language]));
        return;
      }
      if (html) {
        res.type('html').send(
          appPage(
            language,
            <>
              <p class="ok">
                <strong>{appTexts.activated[language]}</strong>
              </p>
              <p>{appTexts.activatedNext[language]}</p>
            </>,
          ),
        );
        return;
      }
      res.json({ ok: true, activated: true, means: activation.means });
    },
  );

  return router;
}
