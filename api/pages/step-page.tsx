// The page behind an action link: what the step is, for whom, every fact of it in words, and the form that
// completes it; after the step, what happens next. Every value goes through the glossary (domain/glossary.ts).
import type { Markup } from '../../activities/mail/html';
import {
  documentTypes,
  factLabels,
  formatDate,
  inWords,
  initiatorRoles,
  loginMethods,
  organizationKinds,
  readTheTerms,
  stages,
  wordFor,
} from '../../domain/glossary';
import type { Language } from '../../domain/language';
import type { MunicipalityData } from '../../domain/muk/municipality';
import { whatNext } from '../../domain/next-steps';
import { setupMeans, type AdministratorLoginMethod, type OrganizationLoginPolicy } from '../../domain/setup';
import { stepTitles, type StepName } from '../../domain/steps';
import type { PendingStepView } from '../../workflows/process.messages';
import { h, Fragment } from './jsx';
import { renderPage } from './layout';
import { MunicipalityDataForm } from './municipality-data-form';
import { FieldError, stepFieldProblem } from './field';
import { problemText, text } from './texts';
import { Alert } from './alert';

export interface TermsLink {
  version: string;
  title?: string;
  url: string;
}

export interface StepPageModel {
  language: Language;
  step: StepName;
  actionPath: string;
  expiresAt: string;
  pending?: PendingStepView;
  person?: { name: string };
  /** The only thing about the recipient a page shows before login. */
  recipientFirstName?: string;
  loginUrl: string;
  organizationName?: string;
  /** The terms the approval accepts: the context's, or the published version's where the context has no address. */
  terms?: TermsLink;
  /** A refused form shown again: the paths of the fields that were wrong (zod issue paths of the step's body)... */
  errors?: string[];
  /** ...and what the person had entered (the step's body from the form), so nothing typed is lost. */
  entered?: Record<string, unknown>;
  /** What the person just did on this page that the step does not show otherwise. */
  notice?: 'uploaded';
}

type Context = Record<string, unknown>;
interface Person {
  name: string;
  email: string;
}
interface ContextDocument {
  documentId: string;
  documentType: string;
}

const people = (value: unknown): Person[] => (Array.isArray(value) ? (value as Person[]) : []);
const contextDocuments = (value: unknown): ContextDocument[] =>
  Array.isArray(value) ? (value as ContextDocument[]) : [];
const string = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function Fact({ label, children }: { label: string; children?: unknown }): Markup {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children as Markup}</dd>
    </>
  );
}

function PolicyWords({ policy, l }: { policy: OrganizationLoginPolicy; l: Language }): Markup {
  const offered = [...(policy.allowPrivateMitId ? ['private'] : []), ...policy.separateMeans].map((method) =>
    wordFor(loginMethods, method, l),
  );
  return <>{offered.join(', ')}</>;
}

/** The facts of the step a logged-in recipient may see, each with its label and its value in words. */
function Facts({ model }: { model: StepPageModel }): Markup {
  const l = model.language;
  const context: Context = model.pending?.context ?? {};
  const label = (key: string) => wordFor(factLabels, key, l);
  const kind = string(context.kind);
  const role = string(context.role);
  const preparedBy = string(context.preparedBy);
  const administrators = people(context.administrators);
  const loginMethod = string(context.loginMethod);
  const policy = context.loginPolicy as OrganizationLoginPolicy | undefined;
  const rejectionReasons = string(context.rejectionReasons);
  // The approval counts the documents; the preparation lists them (they can be withdrawn there).
  const documentCount = typeof context.documents === 'number' ? context.documents : undefined;
  return (
    <dl>
      {model.recipientFirstName ? <Fact label={label('recipient')}>{model.recipientFirstName}</Fact> : null}
      {kind ? <Fact label={label('kind')}>{wordFor(organizationKinds, kind, l)}</Fact> : null}
      {role ? <Fact label={label('role')}>{wordFor(initiatorRoles, role, l)}</Fact> : null}
      {preparedBy ? <Fact label={label('preparedBy')}>{preparedBy}</Fact> : null}
      {administrators.length > 0 && model.step !== 'prepare-connection' ? (
        <Fact label={label('administrators')}>
          <ul class="plain">
            {administrators.map((a) => (
              <li>{`${a.name} <${a.email}>`}</li>
            ))}
          </ul>
        </Fact>
      ) : null}
      {documentCount !== undefined ? <Fact label={label('documentCount')}>{String(documentCount)}</Fact> : null}
      {model.terms ? (
        <Fact label={label('terms')}>
          {model.terms.title ? `${model.terms.title} (${model.terms.version}) · ` : `${model.terms.version} · `}
          <a href={model.terms.url} target="_blank" rel="noopener">
            {readTheTerms[l]}
          </a>
        </Fact>
      ) : null}
      {loginMethod ? <Fact label={label('loginMethod')}>{wordFor(loginMethods, loginMethod, l)}</Fact> : null}
      {policy ? (
        <Fact label={label('loginPolicy')}>
          <PolicyWords policy={policy} l={l} />
        </Fact>
      ) : null}
      {rejectionReasons ? <Fact label={label('rejectionReasons')}>{inWords(rejectionReasons, l)}</Fact> : null}
      <Fact label={label('expires')}>{formatDate(model.expiresAt, l)}</Fact>
    </dl>
  );
}

/** The representative's reason for sending a proposal back: to the registrant revising it, and to the representative deciding again. */
function SentBack({ model }: { model: StepPageModel }): Markup {
  const reason = string(model.pending?.context?.sentBackReason);
  if (!reason) return <></>;
  const l = model.language;
  return (
    <section class="card" aria-labelledby="sent-back">
      <h2 id="sent-back">{text(l, 'sentBack')}</h2>
      <p>{model.step === 'prepare-connection' ? text(l, 'sentBackHint') : text(l, 'yourReason')}</p>
      <blockquote>{reason}</blockquote>
    </section>
  );
}

function DocumentTypeOptions({ l }: { l: Language }): Markup {
  return (
    <>
      {Object.entries(documentTypes).map(([value, words]) => (
        <option value={value}>{words[l]}</option>
      ))}
    </>
  );
}

function UploadForm({ model }: { model: StepPageModel }): Markup {
  const l = model.language;
  const documents = contextDocuments(model.pending?.context?.documents);
  return (
    <form
      class="card"
      method="post"
      action={`${model.actionPath}/documents`}
      enctype="multipart/form-data"
      aria-labelledby="upload"
    >
      <h2 id="upload">{text(l, 'upload')}</h2>
      <p class="muted">{text(l, 'uploadHint')}</p>
      {documents.length > 0 ? (
        <>
          <p>{text(l, 'earlierDocuments')}:</p>
          <ul>
            {documents.map((d) => (
              <li>{wordFor(documentTypes, d.documentType, l)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <label for="documentType">{text(l, 'documentType')}</label>
      <select id="documentType" name="documentType">
        <DocumentTypeOptions l={l} />
      </select>
      <label for="file">{text(l, 'file')}</label>
      <input
        id="file"
        type="file"
        name="file"
        accept="application/pdf,image/png,image/jpeg"
        required={documents.length === 0}
      />
      <button type="submit">{text(l, 'upload')}</button>
    </form>
  );
}

function PrepareForm({ model }: { model: StepPageModel }): Markup {
  const l = model.language;
  // A revision starts from the earlier choices, with room for one more.
  const earlier = people(model.entered?.administrators ?? model.pending?.context?.administrators);
  const rows = Array.from({ length: Math.min(20, Math.max(3, earlier.length + 1)) }, (_, i) => i);
  const documents = contextDocuments(model.pending?.context?.documents);
  return (
    <>
      {documents.length > 0 ? (
        <fieldset>
          <legend>{text(l, 'withdraw')}</legend>
          {documents.map((d) => (
            <label class="choice">
              <input type="checkbox" name="withdrawDocuments" value={d.documentId} />{' '}
              {wordFor(documentTypes, d.documentType, l)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <h2>{text(l, 'administrators')}</h2>
      <StepFieldError model={model} path="administrators" />
      {rows.map((i) => (
        <fieldset>
          <legend>{`${text(l, 'administrator')} ${i + 1}`}</legend>
          <label for={`an${i}`}>{text(l, 'name')}</label>
          <input
            id={`an${i}`}
            type="text"
            name={`administrators[${i}][name]`}
            value={earlier[i]?.name ?? ''}
            required={i === 0}
            autocomplete="off"
          />
          <StepFieldError model={model} path={`administrators.${i}.name`} />
          <label for={`ae${i}`}>{text(l, 'email')}</label>
          <input
            id={`ae${i}`}
            type="email"
            name={`administrators[${i}][email]`}
            value={earlier[i]?.email ?? ''}
            required={i === 0}
            autocomplete="off"
          />
          <StepFieldError model={model} path={`administrators.${i}.email`} />
        </fieldset>
      ))}
      <button type="submit">{text(l, 'submit')}</button>
    </>
  );
}

/** The problem of the step form's field at `path`, beside it (under the id `<path>-error`), in the page's words. */
function StepFieldError({ model, path }: { model: StepPageModel; path: string }): Markup | null {
  return <FieldError id={`${path}-error`} message={stepFieldProblem(model.errors, path, model.language)} />;
}

function ApproveForm({ model }: { model: StepPageModel }): Markup {
  const l = model.language;
  const termsVersion = model.terms?.version ?? String(model.pending?.context?.termsVersion ?? '');
  // Only a registrant's proposal can be sent back; the approval's context names who prepared it.
  const registrantPath = typeof model.pending?.context?.preparedBy === 'string';
  return (
    <>
      <input type="hidden" name="termsVersion" value={termsVersion} />
      <label class="choice">
        <input type="checkbox" name="acceptTerms" value="true" /> {`${text(l, 'acceptTerms')} (${termsVersion})`}
      </label>
      <StepFieldError model={model} path="acceptTerms" />
      <label for="reason">{text(l, registrantPath ? 'decisionReason' : 'reason')}</label>
      <textarea id="reason" name="reason" rows="2">
        {string(model.entered?.reason) ?? ''}
      </textarea>
      <StepFieldError model={model} path="reason" />
      <button type="submit" name="decision" value="approve">
        {text(l, 'approve')}
      </button>{' '}
      {registrantPath ? (
        <>
          <button class="secondary" type="submit" name="decision" value="send-back">
            {text(l, 'sendBack')}
          </button>{' '}
        </>
      ) : null}
      <button class="secondary" type="submit" name="decision" value="reject">
        {text(l, 'reject')}
      </button>
    </>
  );
}

function SetupForm({ model }: { model: StepPageModel }): Markup {
  const l = model.language;
  // At setup only the MitID app can be offered (preselected); later administrators choose within the organisation's policy.
  const policy = model.pending?.context?.loginPolicy as OrganizationLoginPolicy | undefined;
  const own: AdministratorLoginMethod[] = policy
    ? [...(policy.allowPrivateMitId ? ['private' as const] : []), ...policy.separateMeans]
    : ['private', ...setupMeans];
  return (
    <>
      {policy ? null : (
        <>
          <input type="hidden" name="organizationChoices" value="1" />
          <label class="choice">
            <input type="checkbox" name="allowPrivateMitId" value="true" checked /> {text(l, 'allowPrivate')}
          </label>
          <fieldset>
            <legend>{text(l, 'separateMeans')}</legend>
            {setupMeans.map((means) => (
              <label class="choice">
                <input type="checkbox" name="separateMeans" value={means} checked /> {wordFor(loginMethods, means, l)}
              </label>
            ))}
            <p class="muted">{text(l, 'meansAfterSetup')}</p>
          </fieldset>
        </>
      )}
      <fieldset>
        <legend>{text(l, 'ownLogin')}</legend>
        {own.map((method, index) => (
          <label class="choice">
            <input type="radio" name="ownLoginMethod" value={method} checked={index === 0} />{' '}
            {wordFor(loginMethods, method, l)}
          </label>
        ))}
      </fieldset>
      <button type="submit">{text(l, 'approve')}</button>
    </>
  );
}

function StepForm({ model }: { model: StepPageModel }): Markup {
  const l = model.language;
  switch (model.step) {
    case 'prepare-connection':
      return <PrepareForm model={model} />;
    case 'approve-connection':
      return <ApproveForm model={model} />;
    case 'setup-organization':
      return <SetupForm model={model} />;
    case 'confirm-municipality-data':
      return (
        <MunicipalityDataForm
          current={(model.entered ?? model.pending?.context?.municipalityData) as MunicipalityData | undefined}
          errors={model.errors}
        />
      );
    case 'activate-user':
      if (model.pending?.context?.loginMethod !== 'private') {
        return (
          <>
            <p>{text(l, 'activateHint')}</p>
            <button type="submit" name="decision" value="activate">
              {text(l, 'activate')}
            </button>
          </>
        );
      }
      return (
        <>
          <button type="submit" name="decision" value="approve">
            {text(l, 'approve')}
          </button>{' '}
          <button class="secondary" type="submit" name="decision" value="reject">
            {text(l, 'reject')}
          </button>
        </>
      );
    case 'activate-means':
      return (
        <>
          <p>{text(l, 'newCodeHint')}</p>
          <button type="submit">{text(l, 'newCode')}</button>
        </>
      );
    default:
      return <button type="submit">{text(l, 'submit')}</button>;
  }
}

export function renderStepPage(model: StepPageModel): string {
  const l = model.language;
  const title = stepTitles[model.step][l];
  const header = (
    <section class="card" aria-labelledby="step-title">
      <h1 id="step-title">{title}</h1>
      {model.organizationName ? (
        <p>
          {`${wordFor(factLabels, 'organization', l)}: `}
          <strong>{model.organizationName}</strong>
        </p>
      ) : null}
      {model.person ? (
        <Facts model={model} />
      ) : (
        <dl>
          {model.recipientFirstName ? (
            <Fact label={wordFor(factLabels, 'recipient', l)}>{model.recipientFirstName}</Fact>
          ) : null}
          <Fact label={wordFor(factLabels, 'expires', l)}>{formatDate(model.expiresAt, l)}</Fact>
        </dl>
      )}
    </section>
  );
  if (!model.person) {
    // A German municipality's contact has no MitID: the button says only what it does.
    const logIn = model.step === 'confirm-municipality-data' ? text(l, 'logInPlain') : text(l, 'logIn');
    return renderPage({
      language: l,
      title,
      children: (
        <>
          {header}
          <section class="card">
            <p>{text(l, 'loginWhy')}</p>
            <a class="button" href={model.loginUrl}>
              {logIn}
            </a>
          </section>
        </>
      ),
    });
  }
  return renderPage({
    language: l,
    title,
    children: (
      <>
        {header}
        <p class="muted">{`${text(l, 'loggedInAs')} ${model.person.name}`}</p>
        {model.notice ? (
          <p class="notice" role="status">
            {text(l, model.notice)}
          </p>
        ) : null}
        <SentBack model={model} />
        {model.pending?.acceptsDocuments ? <UploadForm model={model} /> : null}
        <form class="card" method="post" action={model.actionPath} aria-label={title}>
          <Alert>{model.errors?.length ? text(l, 'fixTheForm') : null}</Alert>
          <StepForm model={model} />
        </form>
      </>
    ),
  });
}

/** A one-time activation code as the person sees it: once, with its means, validity and where to enter it. */
export interface ShownActivationCode {
  code: string;
  expiresAt: string;
  means: string;
  appUrl?: string;
}

function ActivationCode({ l, code }: { l: Language; code: ShownActivationCode }): Markup {
  return (
    <section class="card" aria-labelledby="activation-code">
      <h2 id="activation-code">{text(l, 'activationCode')}</h2>
      <p class="code" data-activation-code>
        {code.code}
      </p>
      <dl>
        <Fact label={text(l, 'means')}>{wordFor(loginMethods, code.means, l)}</Fact>
        <Fact label={text(l, 'codeValidUntil')}>{formatDate(code.expiresAt, l)}</Fact>
      </dl>
      <p>{text(l, 'activationCodeUse')}</p>
      {code.appUrl ? (
        <a class="button" href={`${code.appUrl}?lang=${l}`} target="_blank" rel="noopener">
          {text(l, 'openApp')}
        </a>
      ) : null}
    </section>
  );
}

export interface StepResult {
  step: StepName;
  /** The stage the case moved to. */
  stage: string;
  /** The person's decision, where the step has one. */
  decision?: string;
  next?: { step: StepName; url: string };
  code?: ShownActivationCode;
}

/** What the person sees after completing a step: that it is recorded, the stage in words, and what happens next. */
export function renderResultPage(language: Language, result: StepResult): string {
  const l = language;
  const next = whatNext(result.step, result.stage, l, result.decision ?? (result.next ? 'next-is-yours' : undefined));
  return renderPage({
    language: l,
    title: text(l, 'done'),
    children: (
      <>
        <section class="card" aria-labelledby="done">
          <h1 id="done" class="ok">
            {text(l, 'done')}
          </h1>
          <dl>
            <Fact label={wordFor(factLabels, 'stage', l)}>{wordFor(stages, result.stage, l)}</Fact>
          </dl>
          <h2>{text(l, 'whatNext')}</h2>
          <p>{next ?? text(l, 'nothingMore')}</p>
          {result.next ? (
            <>
              {result.code ? <p>{text(l, 'codeLater')}</p> : null}
              <a
                class="button"
                href={result.next.url}
              >{`${text(l, 'nextStep')}: ${stepTitles[result.next.step][l]}`}</a>
            </>
          ) : null}
        </section>
        {result.code ? <ActivationCode l={l} code={result.code} /> : null}
      </>
    ),
  });
}

/** A new activation code, handed out on the `activate-means` step's page. */
export function renderActivationCodePage(language: Language, code: ShownActivationCode): string {
  return renderPage({
    language,
    title: text(language, 'activationCode'),
    children: (
      <>
        <section class="card">
          <h1>{stepTitles['activate-means'][language]}</h1>
          <p>{whatNext('activate-means', '', language)}</p>
        </section>
        <ActivationCode l={language} code={code} />
      </>
    ),
  });
}

/**
 * The answer to a form posted without a live session. A page, not a redirect: CSP `form-action 'self'`
 * would stop the redirect chain of a form submission at the login provider's origin.
 */
export function renderLoginAgainPage(language: Language, loginUrl: string): string {
  return renderPage({
    language,
    title: text(language, 'loginAgain'),
    children: (
      <section class="card">
        <h1>{text(language, 'loginAgain')}</h1>
        <p>{text(language, 'loginExpired')}</p>
        <a class="button" href={loginUrl}>
          {text(language, 'logIn')}
        </a>
      </section>
    ),
  });
}

/** A logged-in person the link was not sent to: whom it was sent to, and how to get one's own. */
export function renderWrongPersonPage(language: Language, recipientName: string, loggedInAs: string): string {
  return renderPage({
    language,
    title: text(language, 'notForYou'),
    children: (
      <section class="card">
        <h1 class="error">{text(language, 'notForYou')}</h1>
        <p>
          {`${text(language, 'sentTo')} `}
          <strong>{recipientName}</strong>.
        </p>
        {loggedInAs ? <p>{`${text(language, 'loggedInAs')} ${loggedInAs}.`}</p> : null}
        <p>{text(language, 'askResend')}</p>
      </section>
    ),
  });
}

/** A link that cannot do what was asked, in the link's language: what happened, what to do, and the way back where there is one. */
export function renderProblemPage(language: Language, code: string, backUrl?: string): string {
  const { title, explanation } = problemText(language, code);
  return renderPage({
    language,
    title,
    children: (
      <section class="card">
        <h1 class="error">{title}</h1>
        <p>{explanation}</p>
        {backUrl ? (
          <a class="button" href={backUrl}>
            {text(language, 'backToStep')}
          </a>
        ) : null}
      </section>
    ),
  });
}
