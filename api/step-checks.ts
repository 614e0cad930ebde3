// Rules a step's input must meet that depend on the system's current state, checked before the
// workflow sees the input.
import { currentTerms } from '../db/terms';
import type { ApproveConnectionInput } from '../domain/step-inputs';
import type { StepName } from '../domain/steps';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';

export async function checkStepInput(deps: Pick<ApiDeps, 'db'>, step: StepName, input: unknown): Promise<void> {
  if (step === 'approve-connection') {
    const approval = input as ApproveConnectionInput;
    if (approval.decision !== 'approve') return;
    const current = await currentTerms(deps.db);
    if (approval.termsVersion !== current.version) {
      throw new HttpError(
        409,
        'terms_outdated',
        `Terms version ${approval.termsVersion} is not current; accept ${current.version}`,
        {
          current: { version: current.version, title: current.title, url: current.url },
        },
      );
    }
  }
}
