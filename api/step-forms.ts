// Browser forms post strings; this turns a step form's fields into the JSON body the step takes.
import type { StepName } from '../domain/steps';

type Form = Record<string, unknown>;

const checked = (value: unknown) => value === 'true' || value === 'on';
const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const optionalText = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

export function formToStepInput(step: StepName, form: Form): unknown {
  switch (step) {
    case 'prepare-connection': {
      const withdrawn = list(form.withdrawDocuments);
      return {
        administrators: list(form.administrators).filter(
          (row): row is { name?: string; email?: string } =>
            typeof row === 'object' && row !== null && Boolean((row as Form).name || (row as Form).email),
        ),
        ...(withdrawn.length ? { withdrawDocuments: withdrawn } : {}),
      };
    }
    case 'approve-connection':
      return {
        decision: form.decision,
        acceptTerms: checked(form.acceptTerms),
        termsVersion: optionalText(form.termsVersion),
        reason: optionalText(form.reason),
      };
    case 'setup-organization':
      // Only the first administrator's form carries the organisation's choices.
      return form.organizationChoices === undefined
        ? { ownLoginMethod: form.ownLoginMethod }
        : {
            allowPrivateMitId: checked(form.allowPrivateMitId),
            separateMeans: list(form.separateMeans),
            ownLoginMethod: form.ownLoginMethod,
          };
    case 'activate-user':
      return { decision: form.decision };
    case 'confirm-municipality-data': {
      const support = (typeof form.support === 'object' && form.support !== null ? form.support : {}) as Form;
      return {
        name: form.name,
        federalState: form.federalState,
        support: { name: support.name, email: support.email, phone: optionalText(support.phone) },
        portalLoginUrl: form.portalLoginUrl,
      };
    }
    default:
      return {};
  }
}
