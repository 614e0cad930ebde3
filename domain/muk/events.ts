// The operator's events of a MUK connection (`POST /api/muk/connections/:id/events`): each one completes
// the human step of the same name. The portal has no API, so a person reports what happened there.
import { z } from 'zod';
import { requiredWhen } from '../json-schema';

const note = z.string().trim().min(1).max(2000).optional();

export const mukEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('vorhaben-submitted'),
    /** The reference the service portal gave the Vorhaben. */
    reference: z.string().trim().min(1).max(100),
    note,
  }),
  z.strictObject({ type: z.literal('vorhaben-confirmed'), note }),
  z.strictObject({
    type: z.literal('service-provider-created'),
    /** The Service Provider's id in the service portal, where it shows one. */
    serviceProviderId: z.string().trim().min(1).max(100).optional(),
    note,
  }),
  z.strictObject({ type: z.literal('service-provider-approved'), note }),
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
