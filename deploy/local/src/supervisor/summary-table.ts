import { SandboxConfig } from '../config/sandbox-config';
import { ComponentStatus } from './infra-manager';
import { RunningSandbox } from './sandbox';

/** Lays out rows as aligned columns. */
export function formatTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The URL without its password, for printing. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/** The table `start` prints: each service's API, docs and metrics URLs, then Kafka and PostgreSQL. */
export function renderSummary(config: SandboxConfig, sandbox: RunningSandbox): string {
  const rows: string[][] = [['', 'API', 'OpenAPI docs', 'Metrics']];
  for (const service of sandbox.services)
    rows.push([service.name, service.url, `${service.url}/docs`, `${service.url}/metrics`]);
  const lines = sandbox.services.length > 0 ? [formatTable(rows), ''] : [];
  const source = (s: string) =>
    s === 'started' ? '' : ` (${s === 'reused' ? 'already running' : 'external'})`;
  const infraRows = [
    ['Kafka bootstrap', `${sandbox.infra.brokers.join(',')}${source(sandbox.infra.kafkaSource)}`],
    ['PostgreSQL', `${withoutPassword(sandbox.infra.adminUrl)}${source(sandbox.infra.postgresSource)}`],
    ['Logs', `${config.dataDir}/logs`],
    [
      'Signing keys',
      `${config.dataDir}/keys (one per service), policy ${config.dataDir}/publish-policy.json`,
    ],
  ];
  if (sandbox.services.some((service) => service.name === 'identity-registry')) {
    infraRows.push([
      'Admin token',
      `${config.dataDir}/admin-token (Authorization: Bearer, to issue credentials)`,
    ]);
    infraRows.push(['Keystore', `${config.dataDir}/keystore (the demo city's keys, for labs)`]);
  }
  if (sandbox.infra.postgresSource !== 'external')
    infraRows.splice(2, 0, ['', 'password: SANDBOX_POSTGRES_PASSWORD (default "sandbox")']);
  lines.push(formatTable(infraRows));
  return lines.join('\n');
}

/** The table `status` prints; a RESTARTS column appears once the supervisor has restarted something. */
export function renderStatus(rows: ComponentStatus[]): string {
  const restarted = rows.some((row) => row.restarts);
  const restarts = (row: ComponentStatus) =>
    row.restarts ? [`${row.restarts.count} (last: ${row.restarts.lastExit})`] : ['-'];
  return formatTable([
    ['COMPONENT', 'STATE', 'PID', 'ADDRESS', ...(restarted ? ['RESTARTS'] : [])],
    ...rows.map((row) => [
      row.name,
      row.state,
      row.pid ? String(row.pid) : '-',
      row.address,
      ...(restarted ? restarts(row) : []),
    ]),
  ]);
}
