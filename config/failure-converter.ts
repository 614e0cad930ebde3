// Failure messages and stack traces can quote personal data (a validator naming the expected person):
// they go into an encoded payload, which the encryption codec then seals like any other.
// Loaded by path by the worker, the client and the workflow bundle.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
