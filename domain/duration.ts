// Duration strings as the configuration writes them ('3 days', '500 ms'), in milliseconds.
// Plain code: workflows, API and configuration share it.
const unitMs: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

export const durationPattern = /^(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|seconds?|m|minutes?|h|hours?|d|days?)$/i;

export function durationMs(text: string): number {
  const match = durationPattern.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  return Math.round(Number(match[1]) * unitMs[match[2]!.toLowerCase()]!);
}
