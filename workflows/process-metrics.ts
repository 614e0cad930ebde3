// A workflow interceptor that counts processes started and ended per type, with the outcome: the last
// OnboardingStage (connected, expired, cancelled, ...), or failed. It runs in the workflow sandbox, so it
// uses the SDK's workflow metric meter, which stays silent during replay: a restarted worker counts nothing
// twice. The counters reach Prometheus with the SDK's metrics (the worker's /metrics).
import {
  isCancellation,
  metricMeter,
  TemporalFailure,
  workflowInfo,
  type Next,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { processTypeOf } from '../domain/process-types';
import { searchAttributes } from '../temporal.config';

class ProcessMetrics implements WorkflowInboundCallsInterceptor {
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const info = workflowInfo();
    // The process type, as the ProcessType search attribute will say (the process sets it in its first task).
    const tags = { process_type: processTypeOf(info.workflowType) ?? info.workflowType };
    // A run continued from an earlier one is the same process.
    if (!info.continuedFromExecutionRunId)
      metricMeter.createCounter('onboarding_processes_started', 'processes', 'Processes started').add(1, tags);
    const ended = (outcome: string) => {
      metricMeter
        .createCounter('onboarding_processes_completed', 'processes', 'Processes ended, by outcome (the last stage)')
        .add(1, { ...tags, outcome });
      if (outcome === 'expired')
        metricMeter
          .createCounter('onboarding_processes_expired', 'processes', 'Processes ended because a step expired')
          .add(1, tags);
    };
    try {
      const result = await next(input);
      ended(workflowInfo().typedSearchAttributes.get(searchAttributes.onboardingStage) ?? 'completed');
      return result;
    } catch (error) {
      // Other errors fail only the workflow task, which is retried: the process has not ended.
      if (isCancellation(error)) ended('cancelled');
      else if (error instanceof TemporalFailure) ended('failed');
      throw error;
    }
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new ProcessMetrics()] });
