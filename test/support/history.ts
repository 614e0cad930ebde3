// Reading a workflow history as the server stores it (ciphertext), as an operator sees it through the codec,
// and as the Web UI's search attributes followed it.
import { defaultPayloadConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/** The history as stored, with payload bytes read as text, so a clear value in any payload would show. */
export function storedHistoryText(history: History): string {
  return JSON.stringify(history, (key, value) =>
    key === 'data' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : value,
  );
}

function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const candidate = value as Payload;
  if (candidate.data instanceof Uint8Array && candidate.metadata && typeof candidate.metadata === 'object') {
    found.push(candidate);
    return found;
  }
  for (const child of Object.values(value)) payloadsIn(child, found);
  return found;
}

/** Every payload of the history (inputs, results, memo, failures' encoded attributes), decoded, as text. */
export async function decodedPayloadsText(history: History, codec: PayloadCodec): Promise<string> {
  const decoded = await codec.decode(payloadsIn(history));
  return decoded.map((payload) => Buffer.from(payload.data ?? new Uint8Array()).toString('utf8')).join('\n');
}

/** The `OnboardingStage` values the process upserted, in order: each one the Web UI's filter saw. */
export function stageUpserts(history: History): string[] {
  return (history.events ?? []).flatMap((event) => {
    const stage = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.OnboardingStage;
    return stage ? [defaultPayloadConverter.fromPayload<string>(stage)] : [];
  });
}

/** The id of each patch marker in the history, in order: the patches the process said yes to, each with its upsert. */
export function patchMarkers(history: History): string[] {
  return (history.events ?? [])
    .map((event) => event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data)
    .filter((data): data is Uint8Array => data instanceof Uint8Array)
    .map((data) => (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id);
}
