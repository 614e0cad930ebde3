// Connections to Temporal for clients (API, tools) and workers, with TLS or API key for a real cluster.
import { readFileSync } from 'node:fs';
import { Client, Connection, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { searchAttributes } from '../temporal.config';
import { dataConverterFor } from './codec';
import type * as workflows from '../workflows';
import type { AppConfig } from './env';

function tlsOptions(config: AppConfig) {
  const tls = config.temporal.tls;
  if (!tls && !config.temporal.apiKey) return undefined;
  if (!tls) return true;
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: tls.caPath ? readFileSync(tls.caPath) : undefined,
    clientCertPair:
      tls.certPath && tls.keyPath ? { crt: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) } : undefined,
  };
}

export async function connectClient(config: AppConfig): Promise<Client> {
  const connection = await Connection.connect({
    address: config.temporal.address,
    tls: tlsOptions(config),
    apiKey: config.temporal.apiKey,
  });
  return new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverterFor(config.env.PAYLOAD_ENCRYPTION_KEYS),
  });
}

/** The worker's workflows (workflows/index.ts), as types only: a client never loads workflow code. */
export type Workflows = typeof workflows;

/** Starts the workflow `type`: the compiler checks the name against the worker's workflows and the arguments against its function. */
export function startWorkflow<Type extends keyof Workflows>(
  client: Client,
  type: Type,
  options: WorkflowStartOptions<Workflows[Type]>,
): Promise<WorkflowHandle<Workflows[Type]>> {
  return client.workflow.start<Workflows[Type]>(type, options);
}

/** A workflow's type name where an API wants the string (a schedule's action): checked against the worker's workflows like `startWorkflow`. */
export function workflowType<Type extends keyof Workflows>(type: Type): Type {
  return type;
}

export function connectWorkerConnection(config: AppConfig): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.temporal.address,
    tls: tlsOptions(config),
    apiKey: config.temporal.apiKey,
  });
}

const indexedValueTypes: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Registers this system's search attributes on a namespace (the dev server gets them as start flags;
 * a real cluster and the time-skipping test server get them through this call). Already-present
 * attributes are left alone.
 */
export async function registerSearchAttributes(
  connection: Connection | { operatorService: Connection['operatorService'] },
  namespace: string,
): Promise<void> {
  // The time-skipping test server cannot list attributes; there every one is added.
  const existing = await connection.operatorService.listSearchAttributes({ namespace }).catch(() => undefined);
  const known = new Set(Object.keys(existing?.customAttributes ?? {}));
  const missing = Object.values(searchAttributes).filter((key) => !known.has(key.name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedValueTypes[key.type]])),
  });
}
