// The MitID means broker: how a user's separate means (MitID app, code display, code reader, chip) is
// issued and activated. The API issues an activation when the user chooses to activate (and again when they
// ask for a new code); the broker's confirmation reaches the user-activation process as the completion of
// its `activate-means` step. In production this is MitID Erhverv's broker; `createDevMitIdMeansBroker` stands
// in for it in development and tests, with the /dev/mitid-app page as the MitID app.
import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { replaceMeansActivation, useMeansActivation } from '../db/means-activations';
import type { Db } from '../db/open';
import { durationMs } from '../domain/duration';
import type { SeparateMeans } from '../domain/step-inputs';

export interface MeansActivationRequest {
  orgId: string;
  userId: string;
  /** The user-activation process and the `activate-means` link the code is handed out under. */
  workflowId: string;
  linkId: string;
  means: SeparateMeans;
  /** The code works until then at the latest: the end of the process's wait for the activation. */
  notAfter: string;
}

export interface IssuedActivation {
  activationId: string;
  /** Shown to the person once; never stored, logged or handed to Temporal. */
  code: string;
  expiresAt: string;
}

export interface ConfirmedActivation {
  activationId: string;
  orgId: string;
  userId: string;
  workflowId: string;
  linkId: string;
  means: SeparateMeans;
}

export type ActivationConfirmation =
  { ok: true; activation: ConfirmedActivation } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

export interface MitIdMeansBroker {
  /**
   * Issues an activation of `means` for the user and the one-time code that activates it; an earlier code
   * of the same user and process stops working.
   *
   * The real broker registers the means for the user's MitID Erhverv identity under the organisation's CVR:
   * for the MitID app it creates a pending authenticator and answers with the activation code the person
   * types into the app; for a code display, code reader or chip it orders the device sent to the person
   * (once per user and process: a new code orders no second device) and the code activates it on arrival.
   */
  issueActivation(request: MeansActivationRequest): Promise<IssuedActivation>;
  /**
   * Receives the confirmation that a means was activated with `code`: each code confirms once, within its time.
   *
   * With the real broker the person types the code into the MitID app (or the device's activation), MitID
   * checks it, and the broker notifies us of the activation id it confirmed (a signed call back); this call
   * stands for receiving that notification. The dev broker checks the code the stand-in app hands over.
   */
  confirmActivation(code: string): Promise<ActivationConfirmation>;
}

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, U/V). */
const codeAlphabet = 'ABCDEFGHJKMNPQRSTWXYZ23456789';
const codeLength = 8;
/** Expired codes stay a day (so a late try hears "expired", not "unknown"), then go. */
const expiredKept = 86_400_000;

/** As a person types it: case, spaces and hyphens do not matter. */
export function normalizeActivationCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function createDevMitIdMeansBroker(deps: {
  db: Db;
  hashKey: string;
  codeValidFor: string;
  now?: () => Date;
}): MitIdMeansBroker {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  // Keyed: a copy of the table is no shortcut to the codes, short as they are.
  const hash = (code: string) =>
    createHmac('sha256', deps.hashKey)
      .update(`means activation code|${normalizeActivationCode(code)}`)
      .digest('hex');

  return {
    async issueActivation(request) {
      const issuedAt = now();
      const expiresAt = new Date(
        Math.min(issuedAt.getTime() + durationMs(deps.codeValidFor), Date.parse(request.notAfter)),
      ).toISOString();
      const raw = Array.from({ length: codeLength }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
      const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
      const activationId = randomUUID();
      await replaceMeansActivation(
        db,
        {
          activationId,
          codeHash: hash(code),
          orgId: request.orgId,
          userId: request.userId,
          workflowId: request.workflowId,
          linkId: request.linkId,
          means: request.means,
          expiresAt,
        },
        new Date(issuedAt.getTime() - expiredKept).toISOString(),
      );
      return { activationId, code, expiresAt };
    },

    async confirmActivation(code) {
      const used = await useMeansActivation(db, hash(code), now().toISOString());
      if (!used.ok) return used;
      const { activationId, orgId, userId, workflowId, linkId, means } = used.activation;
      return {
        ok: true,
        activation: { activationId, orgId, userId, workflowId, linkId, means: means as SeparateMeans },
      };
    },
  };
}
