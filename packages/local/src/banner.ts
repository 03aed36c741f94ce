import type { ScheduleDefinition } from '@rez-agent/core';

export interface BannerInfo {
  apiUrl: string;
  /** The local OIDC provider (sign in as an operator or a read-only user). */
  issuer: string;
  apiToken: string;
  apiTokenGenerated: boolean;
  stage: string;
  /** The ntfy topic URL, or undefined for the local inbox. */
  ntfyUrl: string | undefined;
  dataDir: string | undefined;
  /** The stack's schedules, as written to the table. */
  schedules: readonly ScheduleDefinition[];
  schedulesSource: string;
  tickSeconds: number;
}

/** What a person needs right after `npm start`: where things are and how to send a first message. */
export function formatBanner(info: BannerInfo): string {
  const { apiUrl, apiToken } = info;
  const notifications = info.ntfyUrl
    ? `ntfy at ${info.ntfyUrl.replace(/\?.*$/, '')}`
    : `the local inbox (nothing leaves this machine): curl ${apiUrl}/_local/notifications`;
  const schedules = info.schedules.length
    ? info.schedules.map((schedule) => `    ${schedule.name}  ${schedule.expression} ${schedule.timezone}`)
    : ['    (none)'];
  return [
    '',
    `rez-agent sandbox is up (stage ${info.stage})`,
    '',
    `  API            ${apiUrl}`,
    `  API docs       ${apiUrl}/docs   (OpenAPI 3.1: ${apiUrl}/api/openapi.json)`,
    `  Console        ${apiUrl}/console   (sign in at ${info.issuer}: operator or read-only user)`,
    `  API token      ${apiToken}${info.apiTokenGenerated ? '   (generated for this run; set REZ_API_TOKEN to keep one)' : ''}`,
    `  Notifications  ${notifications}`,
    `  Storage        ${info.dataDir ? `${info.dataDir} (kept between runs)` : 'in memory (use --data-dir to keep it)'}`,
    `  Schedules      the stack's from ${info.schedulesSource}, fired by the tick every ${info.tickSeconds} s with your own;`,
    `                 list them with their next run: curl -s -H 'Authorization: Bearer ${apiToken}' ${apiUrl}/api/schedules`,
    ...schedules,
    '',
    '  For the rez CLI (npm run rez -- send hello), paste:',
    `    export REZ_API_URL=${apiUrl}`,
    `    export REZ_API_TOKEN='${apiToken.replaceAll("'", `'\\''`)}'`,
    '  Send a first message:',
    `    curl -s -X POST ${apiUrl}/api/messages \\`,
    `      -H 'Authorization: Bearer ${apiToken}' -H 'Content-Type: application/json' \\`,
    `      -d '{"payload":"hello from my laptop","title":"rez-agent"}'`,
    `  Then: curl -s -H 'Authorization: Bearer ${apiToken}' ${apiUrl}/api/messages`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}
