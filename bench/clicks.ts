// A person's click as the benchmark times it: the link POST as a browser's script sends it (JSON), from the
// request to the answer's last byte, and the part the API reports for the Update (`Server-Timing:
// update;dur=<ms>`, when it sends one). A click must answer 200 with a state its step can answer, or the
// benchmark stops: a fast wrong answer is no figure.

export const stepTypes = [
  'prepare-connection (direct)',
  'prepare-connection (registrant)',
  'approve-connection (direct)',
  'approve-connection (registrant)',
  'setup-organization',
  'activate-user',
] as const;
export type StepType = (typeof stepTypes)[number];

export interface ClickTiming {
  ms: number;
  updateMs?: number;
}

/** The `dur` of the `update` entry of a Server-Timing header, if any. */
export function updateDuration(serverTiming: string | null): number | undefined {
  for (const entry of serverTiming?.split(',') ?? []) {
    const [name, ...parameters] = entry.split(';').map((part) => part.trim());
    if (name !== 'update') continue;
    const duration = parameters.find((parameter) => parameter.startsWith('dur='));
    return duration ? Number(duration.slice('dur='.length)) : undefined;
  }
  return undefined;
}

/** Every timed click, by step type. */
export class ClickLog {
  readonly timings = new Map<StepType, ClickTiming[]>(stepTypes.map((type) => [type, []]));

  /** POSTs `body` to the link as the logged-in person and checks the answer's status and state. */
  async click(
    type: StepType,
    url: string,
    body: unknown,
    cookie: string,
    expectedStates: readonly string[],
  ): Promise<unknown> {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    const answer = text ? JSON.parse(text) : undefined;
    if (response.status !== 200 || !expectedStates.includes(answer?.state)) {
      throw new Error(
        `${type}: ${url} answered ${response.status} ${text.slice(0, 300)}; expected 200 and state ${expectedStates.join(' or ')}`,
      );
    }
    this.timings.get(type)!.push({ ms, updateMs: updateDuration(response.headers.get('server-timing')) });
    return answer;
  }
}

/** The step type of a link the process minted, by its step and the connection's path; undefined for steps the benchmark does not click. */
export function stepTypeOf(step: string, path: 'direct' | 'registrant'): StepType | undefined {
  if (step === 'prepare-connection' || step === 'approve-connection') return `${step} (${path})`;
  return stepTypes.find((type) => type === step);
}
