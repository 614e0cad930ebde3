// Where a MUK connection's resources live in the API: the router mounts them, the workflow's e-mails and
// the integration check point at them.
const mukConnectionsPath = '/api/muk/connections';

/** The printable application as the responsible employee opens it from an e-mail (a signed view link). */
export function mukApplicationPagePath(connectionId: string): string {
  return `/muk/connections/${encodeURIComponent(connectionId)}/application`;
}

export function mukServiceProviderMetadataPath(connectionId: string): string {
  return `${mukConnectionsPath}/${encodeURIComponent(connectionId)}/service-provider/metadata.xml`;
}
