// What the bulk-activation process asks of the outside world: start the next group of a batch's users
// as one user-activation process, and read the batch's progress. Starting is idempotent: the group's
// workflow id follows from the batch and the page, and a page is the same users on every retry (a
// batch's members are fixed when it is created), so an already-started group is success.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { AppConfig } from '../config/env';
import type { Db } from '../db/open';
import { assignActivationGroup, batchMembersAfter, batchProgress } from '../db/users';
import type { Language } from '../domain/language';
import type { LoginMethod } from '../domain/users';
import type { StepTiming } from '../temporal.config';
import type { ActivationProgress } from '../workflows/bulk-activation.messages';
import { activationGroupId, type UserActivationInput } from '../workflows/user-activation.messages';
import { startWorkflow } from '../config/temporal';

export interface ActivationGroupRequest {
  organization: { orgId: string; name: string; language: Language; country?: string };
  batchId: string;
  loginMethod: LoginMethod;
  timing: StepTiming;
  /** The page starts after this user id ('' from the start). */
  after: string;
  limit: number;
  /** The page's number in the batch: part of the group's workflow id. */
  group: number;
}

export interface ActivationGroupResult {
  users: number;
  lastUserId: string | null;
  workflowId: string | null;
}

/**
 * The memo and Web UI summary of a user-activation start (a batch's group, or one re-sent user without a
 * group): the organisation, batch, group, user count and login method, never a person's name or e-mail.
 */
export function userActivationStartDescription(input: UserActivationInput, group?: number) {
  const { orgId, name } = input.organization;
  const part = group === undefined ? 're-sent activation' : `group ${group}`;
  return {
    memo: {
      organizationName: name,
      orgId,
      batchId: input.batchId,
      group: group ?? null,
      users: input.users.length,
      loginMethod: input.loginMethod,
    },
    staticSummary: `User activation: ${name}, ${part}, ${input.users.length} user(s)`,
    staticDetails: `**${name}**\n\nBatch \`${input.batchId}\`, ${part}, login method \`${input.loginMethod}\`; the batch's progress: \`GET /api/organizations/${orgId}/activations/${input.batchId}\``,
  };
}

export function createActivationActivities(deps: { db: Db; config: AppConfig; temporal: Client }) {
  const { db, config, temporal } = deps;
  return {
    async startActivationGroup(request: ActivationGroupRequest): Promise<ActivationGroupResult> {
      const groupUsers = await batchMembersAfter(db, request.batchId, request.after, request.limit);
      if (groupUsers.length === 0) return { users: 0, lastUserId: null, workflowId: null };
      const workflowId = activationGroupId(request.organization.orgId, request.batchId, request.group);
      await assignActivationGroup(
        db,
        request.batchId,
        groupUsers.map((user) => user.userId),
        workflowId,
      );
      const input: UserActivationInput = {
        organization: request.organization,
        batchId: request.batchId,
        loginMethod: request.loginMethod,
        users: groupUsers,
        timing: request.timing,
      };
      Context.current().heartbeat();
      try {
        await startWorkflow(temporal, 'userActivation', {
          workflowId,
          taskQueue: config.temporal.taskQueue,
          args: [input],
          ...userActivationStartDescription(input, request.group),
          // A group that already ran (and perhaps ended) is never started again: that would mail everyone twice.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      return { users: groupUsers.length, lastUserId: groupUsers[groupUsers.length - 1]!.userId, workflowId };
    },

    async activationProgress(request: { orgId: string; batchId: string }): Promise<ActivationProgress> {
      const progress = await batchProgress(db, request.orgId, request.batchId);
      if (!progress) throw new Error(`No activation batch ${request.batchId}`);
      return progress;
    },
  };
}

export type ActivationActivities = ReturnType<typeof createActivationActivities>;
