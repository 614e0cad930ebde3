// The operator's events of a MUK connection (`POST /api/muk/connections/:id/events`): each one completes
// the human step of the same name. The portal has no API, so a person reports what happened there.
import { z } from 'zod';
import { requiredWhen } from '../json-schema';
import type { StepName } from '../steps';

const note = z.string().trim().min(1).max(2000).optional();
/** Why the service portal said no: shown to the responsible employee who corrects it. */
const reason = z.string().trim().min(1).max(2000);

export const mukEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('vorhaben-submitted'),
    /** The reference the service portal gave the Vorhaben. */
    reference: z.string().trim().min(1).max(100),
    note,
  }),
  z.strictObject({ type: z.literal('vorhaben-confirmed'), note }),
  /** The portal sent the Vorhaben back: it is corrected and submitted again. */
  z.strictObject({ type: z.literal('vorhaben-returned'), reason, note }),
  z.strictObject({
    type: z.literal('service-provider-created'),
    /** The Service Provider's id in the service portal, where it shows one. */
    serviceProviderId: z.string().trim().min(1).max(100).optional(),
    note,
  }),
  z.strictObject({ type: z.literal('service-provider-approved'), note }),
  /** The portal rejected the Service Provider: it is corrected in the portal and reported created again. */
  z.strictObject({ type: z.literal('service-provider-rejected'), reason, note }),
  z
    .strictObject({
      type: z.literal('integration-tested'),
      result: z.enum(['passed', 'failed']),
      /** Required when the test failed: it goes back to the Service-Provider step with this reason. */
      reason: z.string().trim().min(1).max(2000).optional(),
    })
    .refine((event) => event.result === 'passed' || event.reason !== undefined, {
      message: 'a failed integration test needs a reason',
      path: ['reason'],
    })
    .meta(requiredWhen('result', 'failed', { required: ['reason'] })),
]);

export type MukEvent = z.infer<typeof mukEventSchema>;
export type MukEventType = MukEvent['type'];
export type MukEventOf<T extends MukEventType> = Extract<MukEvent, { type: T }>;

/** The pending step each event answers: the portal's refusal answers the wait for its confirmation or approval. */
export const mukEventSteps = {
  'vorhaben-submitted': 'vorhaben-submitted',
  'vorhaben-confirmed': 'vorhaben-confirmed',
  'vorhaben-returned': 'vorhaben-confirmed',
  'service-provider-created': 'service-provider-created',
  'service-provider-approved': 'service-provider-approved',
  'service-provider-rejected': 'service-provider-approved',
  'integration-tested': 'integration-tested',
} as const satisfies Record<MukEventType, StepName>;
