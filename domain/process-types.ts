// A process has two names. Its process type is what people and operators see: the `ProcessType` search
// attribute, the cases filter, the metrics' `process_type` label, the console's words (domain/glossary).
// Its workflow type is the workflow function's name, which only Temporal needs (to start it, in the
// Web UI's "Workflow Type"). Steps (approve-connection, ...) are a third thing: what a person does in a process.

import type * as workflows from '../workflows';

/** Each process type, and the workflow type Temporal runs it as. */
export const workflowTypes = {
  connection: 'connection',
  setup: 'organizationSetup',
  'user-activation': 'userActivation',
  'bulk-activation': 'bulkActivation',
  terms: 'termsUpdate',
  'muk-connection': 'mukConnection',
} as const satisfies Record<string, keyof typeof workflows>;

export type ProcessType = keyof typeof workflowTypes;

export const processTypes = Object.keys(workflowTypes) as [ProcessType, ...ProcessType[]];

/** The process type a workflow type runs, or undefined for workflows that are not processes (ping, document sweep). */
export function processTypeOf(workflowType: string): ProcessType | undefined {
  return processTypes.find((type) => workflowTypes[type] === workflowType);
}
