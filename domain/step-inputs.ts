// What a person sends to complete a step (contract "Steps and their bodies"), as zod schemas the API
// validates with; workflows import only the inferred types.
import { z } from 'zod';
import { requiredWhen } from './json-schema';
import { municipalityDataSchema } from './muk/municipality';
import { personName } from './names';
import { meansOfferedAfterSetup, setupMeans } from './setup';
import type { StepName } from './steps';

export const email = z
  .email()
  .max(254)
  .transform((value) => value.trim().toLowerCase());

export const separateMeans = ['app', 'code_display', 'code_reader', 'chip'] as const;
export type SeparateMeans = (typeof separateMeans)[number];

export const prepareConnectionInput = z
  .strictObject({
    administrators: z
      .array(z.strictObject({ name: personName, email }))
      .min(1, 'appoint at least one organisation administrator')
      .max(20),
    /** A revision after a send-back: documents of an earlier round the registrant takes back (they are not reviewed). */
    withdrawDocuments: z.array(z.string().trim().min(1).max(100)).max(10).optional(),
  })
  .meta({ examples: [{ administrators: [{ name: 'Karen Holm', email: 'karen.holm@nordisk-test.dk' }] }] });

/** Why someone rejects, sends back or cancels: their own words, read by people. */
export const reason = z.string().trim().min(1).max(1000);

/** `send-back`: the representative returns the registrant's proposal with a reason, to be revised (registrant path only). */
export const approveConnectionInput = z
  .strictObject({
    decision: z.enum(['approve', 'reject', 'send-back']),
    acceptTerms: z.boolean().optional(),
    termsVersion: z.string().trim().min(1).max(64).optional(),
    reason: reason.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.decision === 'send-back' && !value.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'say what the registrant should change' });
    if (value.decision !== 'approve') return;
    if (value.acceptTerms !== true)
      ctx.addIssue({ code: 'custom', path: ['acceptTerms'], message: 'the terms must be accepted to approve' });
    if (!value.termsVersion)
      ctx.addIssue({ code: 'custom', path: ['termsVersion'], message: 'name the terms version you accept' });
  })
  .meta({
    allOf: [
      requiredWhen('decision', 'approve', {
        required: ['acceptTerms', 'termsVersion'],
        properties: { acceptTerms: { const: true } },
      }),
      requiredWhen('decision', 'send-back', { required: ['reason'] }),
    ],
  });

export const resubmitDocumentsInput = z.strictObject({});

export const setupOrganizationInput = z.strictObject({
  allowPrivateMitId: z.boolean().optional(),
  separateMeans: z
    .array(z.enum(setupMeans, { error: meansOfferedAfterSetup }))
    .max(4)
    .optional(),
  // `separate` (the form's word before the means were named) is the MitID app.
  ownLoginMethod: z.enum(['private', 'separate', ...separateMeans]),
});

/** Private MitID: approve or reject it; a separate means: `activate` (the answer carries the one-time activation code). */
export const activateUserInput = z.strictObject({ decision: z.enum(['approve', 'reject', 'activate']) });
/** While a separate means waits for its activation, the person's link hands out a new activation code. */
export const activateMeansInput = z.strictObject({});

export type PrepareConnectionInput = z.infer<typeof prepareConnectionInput>;
export type ApproveConnectionInput = z.infer<typeof approveConnectionInput>;
export type SetupOrganizationInput = z.infer<typeof setupOrganizationInput>;
export type ActivateUserInput = z.infer<typeof activateUserInput>;

/** The steps a person completes through an action link, with the body each one takes. */
export const linkStepInputs: Partial<Record<StepName, z.ZodType>> = {
  'prepare-connection': prepareConnectionInput,
  'approve-connection': approveConnectionInput,
  'resubmit-documents': resubmitDocumentsInput,
  'setup-organization': setupOrganizationInput,
  'activate-user': activateUserInput,
  'confirm-municipality-data': municipalityDataSchema,
  'activate-means': activateMeansInput,
};
