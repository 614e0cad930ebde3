// The page behind an action link: what the step is, for whom, and the form that completes it.
import type { Language } from '../../domain/language';
import type { MunicipalityData } from '../../domain/muk/municipality';
import { setupMeans, type AdministratorLoginMethod, type OrganizationLoginPolicy } from '../../domain/setup';
import { stepTitles, type StepName } from '../../domain/steps';
import type { PendingStepView } from '../../workflows/process.messages';
import { markup, page, type Markup } from './html';
import { municipalityDataForm } from './municipality-data-form';
import { meansLabels, text } from './texts';

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
}

/** Context entries a page shows in its own way rather than in the list (the organisation's name heads it). */
const shownApart = new Set(['sentBackReason', 'round', 'organizationName']);

function contextList(context: Record<string, unknown> | undefined): Markup {
  if (!context) return markup``;
  const rows = Object.entries(context)
    .filter(([key, value]) => value !== undefined && value !== null && typeof value !== 'object' && !shownApart.has(key))
    .map(([key, value]) => markup`<dt>${key}</dt><dd>${String(value)}</dd>`);
  const admins = Array.isArray(context.administrators)
    ? markup`<dt>administrators</dt><dd>${(context.administrators as Array<{ name: string; email: string }>).map((a) => markup`${a.name} &lt;${a.email}&gt;<br>`)}</dd>`
    : markup``;
  return markup`<dl>${rows}${admins}</dl>`;
}

/** The representative's reason for sending a proposal back: to the registrant revising it, and to the representative deciding again. */
function sentBackCard(model: StepPageModel): Markup {
  const reason = model.pending?.context?.sentBackReason;
  if (typeof reason !== 'string') return markup``;
  const l = model.language;
  const hint = model.step === 'prepare-connection' ? text(l, 'sentBackHint') : text(l, 'yourReason');
  return markup`<div class="card"><h2>${text(l, 'sentBack')}</h2><p>${hint}</p><blockquote>${reason}</blockquote></div>`;
}

function uploadForm(model: StepPageModel): Markup {
  const l = model.language;
  const documents = (model.pending?.context?.documents as Array<{ documentType: string }> | undefined) ?? [];
  return markup`<form class="card" method="post" action="${model.actionPath}/documents" enctype="multipart/form-data">
<h2>${text(l, 'upload')}</h2><p class="muted">${text(l, 'uploadHint')}</p>
${documents.length ? markup`<p>${text(l, 'earlierDocuments')}:</p><ul>${documents.map((d) => markup`<li>${d.documentType}</li>`)}</ul>` : markup``}
<label for="documentType">${text(l, 'documentType')}</label>
<select id="documentType" name="documentType"><option value="payslip">payslip</option><option value="employment-contract">employment-contract</option><option value="other">other</option></select>
<label for="file">PDF / PNG / JPEG</label><input id="file" type="file" name="file" accept="application/pdf,image/png,image/jpeg" ${documents.length ? markup`` : markup`required`}>
<button type="submit">${text(l, 'upload')}</button>
</form>`;
}

function stepForm(model: StepPageModel): Markup {
  const l = model.language;
  const termsVersion = String(model.pending?.context?.termsVersion ?? '');
  // Only a registrant's proposal can be sent back; the approval's context names who prepared it.
  const registrantPath = typeof model.pending?.context?.preparedBy === 'string';
  switch (model.step) {
    case 'prepare-connection': {
      // A revision starts from the earlier choices, with room for one more.
      const earlier = (model.pending?.context?.administrators as Array<{ name: string; email: string }> | undefined) ?? [];
      const rows = Array.from({ length: Math.min(20, Math.max(3, earlier.length + 1)) }, (_, i) => i);
      const documents = (model.pending?.context?.documents as Array<{ documentId: string; documentType: string }> | undefined) ?? [];
      const withdraw = documents.length
        ? markup`<fieldset><legend>${text(l, 'withdraw')}</legend>${documents.map(
            (d) => markup`<label class="choice"><input type="checkbox" name="withdrawDocuments" value="${d.documentId}"> ${d.documentType}</label>`,
          )}</fieldset>`
        : markup``;
      return markup`${withdraw}<h2>${text(l, 'administrators')}</h2>${rows.map(
        (i) => markup`<label for="an${i}">${text(l, 'name')}</label><input id="an${i}" type="text" name="administrators[${i}][name]" value="${earlier[i]?.name ?? ''}" ${i === 0 ? markup`required` : markup``}>
<label for="ae${i}">${text(l, 'email')}</label><input id="ae${i}" type="email" name="administrators[${i}][email]" value="${earlier[i]?.email ?? ''}" ${i === 0 ? markup`required` : markup``}>`,
      )}<button type="submit">${text(l, 'submit')}</button>`;
    }
    case 'approve-connection':
      return markup`<input type="hidden" name="termsVersion" value="${termsVersion}">
<label class="choice"><input type="checkbox" name="acceptTerms" value="true"> ${text(l, 'acceptTerms')} (${termsVersion})</label>
<label for="reason">${text(l, registrantPath ? 'decisionReason' : 'reason')}</label><textarea id="reason" name="reason" rows="2"></textarea>
<button type="submit" name="decision" value="approve">${text(l, 'approve')}</button>${registrantPath ? markup` <button class="secondary" type="submit" name="decision" value="send-back">${text(l, 'sendBack')}</button>` : markup``} <button class="secondary" type="submit" name="decision" value="reject">${text(l, 'reject')}</button>`;
    case 'setup-organization': {
      // At setup only the MitID app can be offered (preselected); later administrators choose within the organisation's policy.
      const policy = model.pending?.context?.loginPolicy as OrganizationLoginPolicy | undefined;
      const orgChoices = policy
        ? markup``
        : markup`<input type="hidden" name="organizationChoices" value="1"><label class="choice"><input type="checkbox" name="allowPrivateMitId" value="true" checked> ${text(l, 'allowPrivate')}</label>
<fieldset><legend>${text(l, 'separateMeans')}</legend>${setupMeans.map(
            (means) => markup`<label class="choice"><input type="checkbox" name="separateMeans" value="${means}" checked> ${meansLabels[means]![l]}</label>`,
          )}<p class="muted">${text(l, 'meansAfterSetup')}</p></fieldset>`;
      const own: AdministratorLoginMethod[] = policy ? [...(policy.allowPrivateMitId ? ['private' as const] : []), ...policy.separateMeans] : ['private', ...setupMeans];
      return markup`${orgChoices}<fieldset><legend>${text(l, 'ownLogin')}</legend>
${own.map((method, index) => markup`<label class="choice"><input type="radio" name="ownLoginMethod" value="${method}" ${index === 0 ? markup`checked` : markup``}> ${method === 'private' ? text(l, 'private') : meansLabels[method]![l]}</label>`)}</fieldset>
<button type="submit">${text(l, 'approve')}</button>`;
    }
    case 'confirm-municipality-data':
      return municipalityDataForm(model.pending?.context?.municipalityData as MunicipalityData | undefined);
    case 'activate-user':
      if (model.pending?.context?.loginMethod !== 'private') {
        return markup`<p>${text(l, 'activateHint')}</p><button type="submit" name="decision" value="activate">${text(l, 'activate')}</button>`;
      }
      return markup`<button type="submit" name="decision" value="approve">${text(l, 'approve')}</button> <button class="secondary" type="submit" name="decision" value="reject">${text(l, 'reject')}</button>`;
    case 'activate-means':
      return markup`<p>${text(l, 'newCodeHint')}</p><button type="submit">${text(l, 'newCode')}</button>`;
    default:
      return markup`<button type="submit">${text(l, 'submit')}</button>`;
  }
}

export function renderStepPage(model: StepPageModel): string {
  const l = model.language;
  const title = stepTitles[model.step][l];
  const header = markup`<div class="card"><h1>${title}</h1>
${model.organizationName ? markup`<p>${text(l, 'organization')}: <strong>${model.organizationName}</strong></p>` : markup``}
${model.recipientFirstName ? markup`<p>${text(l, 'recipient')}: ${model.recipientFirstName}</p>` : markup``}
${contextList(model.pending?.context)}
<p class="muted">${text(l, 'expires')}: ${new Date(model.expiresAt).toLocaleString(l === 'en' ? 'en-GB' : l)}</p></div>`;
  if (!model.person) {
    // A German municipality's contact has no MitID: the button says only what it does.
    const logIn = model.step === 'confirm-municipality-data' ? text(l, 'logInPlain') : text(l, 'logIn');
    return page(l, title, markup`${header}<div class="card"><p>${text(l, 'loginWhy')}</p><a class="button" href="${model.loginUrl}">${logIn}</a></div>`);
  }
  const uploads = model.pending?.acceptsDocuments ? uploadForm(model) : markup``;
  return page(
    l,
    title,
    markup`${header}<p class="muted">${text(l, 'loggedInAs')} ${model.person.name}</p>${sentBackCard(model)}${uploads}
<form class="card" method="post" action="${model.actionPath}">${stepForm(model)}</form>`,
  );
}

/** A one-time activation code as the person sees it: once, with its means, validity and where to enter it. */
export interface ShownActivationCode {
  code: string;
  expiresAt: string;
  means: string;
  appUrl?: string;
}

function activationCodeCard(l: Language, code: ShownActivationCode): Markup {
  return markup`<div class="card"><h2>${text(l, 'activationCode')}</h2>
<p style="font-size:2rem;font-family:ui-monospace,monospace;letter-spacing:.15em" data-activation-code>${code.code}</p>
<dl><dt>${text(l, 'means')}</dt><dd>${meansLabels[code.means]?.[l] ?? code.means}</dd><dt>${text(l, 'codeValidUntil')}</dt><dd>${new Date(code.expiresAt).toLocaleString(l === 'en' ? 'en-GB' : l)}</dd></dl>
<p>${text(l, 'activationCodeUse')}</p>
${code.appUrl ? markup`<a class="button" href="${code.appUrl}" target="_blank" rel="noopener">${text(l, 'openApp')}</a>` : markup``}</div>`;
}

export function renderResultPage(language: Language, state: string, next?: { step: StepName; url: string }, code?: ShownActivationCode): string {
  return page(
    language,
    text(language, 'done'),
    markup`<div class="card"><h1 class="ok">${text(language, 'done')}</h1><p>${text(language, 'state')}: <strong>${state}</strong></p>
${next ? markup`${code ? markup`<p>${text(language, 'codeLater')}</p>` : markup``}<a class="button" href="${next.url}">${text(language, 'nextStep')}: ${stepTitles[next.step][language]}</a>` : markup``}</div>
${code ? activationCodeCard(language, code) : markup``}`,
  );
}

/** A new activation code, handed out on the `activate-means` step's page. */
export function renderActivationCodePage(language: Language, code: ShownActivationCode): string {
  return page(language, text(language, 'activationCode'), markup`<h1>${stepTitles['activate-means'][language]}</h1>${activationCodeCard(language, code)}`);
}

/**
 * The answer to a form posted without a live session. A page, not a redirect: CSP `form-action 'self'`
 * would stop the redirect chain of a form submission at the login provider's origin.
 */
export function renderLoginAgainPage(language: Language, loginUrl: string): string {
  return page(
    language,
    text(language, 'loginAgain'),
    markup`<div class="card"><h1>${text(language, 'loginAgain')}</h1><p>${text(language, 'loginExpired')}</p><a class="button" href="${loginUrl}">${text(language, 'logIn')}</a></div>`,
  );
}

/** A logged-in person the link was not sent to: whom it was sent to, and how to get one's own. */
export function renderWrongPersonPage(language: Language, recipientName: string, loggedInAs: string): string {
  return page(
    language,
    text(language, 'notForYou'),
    markup`<div class="card"><h1 class="error">${text(language, 'notForYou')}</h1><p>${text(language, 'sentTo')} <strong>${recipientName}</strong>.</p>
${loggedInAs ? markup`<p>${text(language, 'loggedInAs')} ${loggedInAs}.</p>` : markup``}<p>${text(language, 'askResend')}</p></div>`,
  );
}

export function renderProblemPage(language: Language, message: string): string {
  return page(language, text(language, 'problem'), markup`<div class="card"><h1 class="error">${text(language, 'problem')}</h1><p>${message}</p></div>`);
}
