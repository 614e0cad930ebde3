// A person's click as the benchmark times it: the link POST as a browser's script sends it (JSON), from the
// request to the answer's last byte, and what the API reports of it (`Server-Timing`): its decision (the link's
// claim, or the process's Update) and the whole request from its arrival. A click must answer 200 with a state its step can answer, or the
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
  /** The API's figure for its decision: the link's claim, or the process's Update (`Server-Timing` claim or update). */
  decisionMs?: number;
  /** The API's figure for the whole request, from its arrival (`Server-Timing` total). */
  apiMs?: number;
}

/** The `dur` of the entry `name` of a Server-Timing header, if any. */
export function serverTiming(header: string | null, name: string): number | undefined {
  for (const entry of header?.split(',') ?? []) {
    const [entryName, ...parameters] = entry.split(';').map((part) => part.trim());
    if (entryName !== name) continue;
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
    const timing = response.headers.get('server-timing');
    this.timings.get(type)!.push({
      ms,
      decisionMs: serverTiming(timing, 'claim') ?? serverTiming(timing, 'update'),
      apiMs: serverTiming(timing, 'total'),
    });
    return answer;
  }
}

/** The step type of a link the process minted, by its step and the connection's path; undefined for steps the benchmark does not click. */
export function stepTypeOf(step: string, path: 'direct' | 'registrant'): StepType | undefined {
  if (step === 'prepare-connection' || step === 'approve-connection') return `${step} (${path})`;
  return stepTypes.find((type) => type === step);
}
