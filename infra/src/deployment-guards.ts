import { PROJECT, type Stage } from '@rez-agent/core';

/**
 * What stops a stack from reaching the wrong place or going live half-configured: the AWS
 * account it may touch, the tags every resource carries, and (prod) settings still holding the
 * repository's placeholders. Pure, like the rest of the config check: it reads the raw config map.
 */

/** Settings read only here (declared in Pulumi.yaml). */
export const GUARD_KEYS = ['ntfyPublicTopic'] as const;

/** Tags the AWS provider puts on every resource (`aws:defaultTags`), checked per stage. */
export const defaultTagsFor = (stage: Stage) => ({ project: PROJECT, stage });

// RFC 2606 reserved names, and the words the committed stack files use for "put yours here".
const RESERVED_DOMAIN = /(^|\.)example\.(com|org|net)$|(^|\.)(example|invalid|test|localhost)$/i;
const PLACEHOLDER_WORDS = /change-?me|your-topic|<[^>]*>/i;
const PUBLIC_NTFY_HOST = 'ntfy.sh';

type Values = Readonly<Record<string, string | undefined>>;

/** The project's own setting `<project>:<name>`, as the raw config map keys it. */
const key = (name: string) => `${PROJECT}:${name}`;

const parseJson = (text: string | undefined): unknown => {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const hostOf = (url: string): string | undefined => (URL.canParse(url) ? new URL(url).hostname : undefined);

function accountProblems(values: Values): string[] {
  const ids = parseJson(values['aws:allowedAccountIds']);
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && /^\d{12}$/.test(id))) {
    return [
      'aws:allowedAccountIds must list the 12-digit AWS account id(s) this stack may deploy to, e.g. ["111122223333"], so a preview or up with credentials for another account fails',
    ];
  }
  return [];
}

function tagProblems(values: Values, stage: Stage): string[] {
  const expected = defaultTagsFor(stage);
  const tags = (parseJson(values['aws:defaultTags']) as { tags?: Record<string, unknown> } | undefined)?.tags ?? {};
  const wrong = Object.entries(expected).filter(([name, value]) => tags[name] !== value);
  return wrong.length
    ? [`aws:defaultTags must tag every resource with ${wrong.map(([name, value]) => `${name}: ${value}`).join(', ')} (aws:defaultTags.tags in Pulumi.${stage}.yaml)`]
    : [];
}

function prodProblems(values: Values): string[] {
  const problems: string[] = [];
  const ntfyUrl = values[key('ntfyUrl')] ?? '';
  const ntfyHost = hostOf(ntfyUrl);
  if (PLACEHOLDER_WORDS.test(ntfyUrl) || (ntfyHost && RESERVED_DOMAIN.test(ntfyHost))) {
    problems.push(`${key('ntfyUrl')} "${ntfyUrl}" is a placeholder: set the prod ntfy topic URL`);
  } else if (ntfyHost === PUBLIC_NTFY_HOST && !values[key('ntfyToken')] && values[key('ntfyPublicTopic')] !== 'true') {
    problems.push(
      `${key('ntfyUrl')} is a public ntfy.sh topic, readable by anyone who guesses its name: set the secret ${key('ntfyToken')} for a protected topic, or ${key('ntfyPublicTopic')}: true if a public topic is really wanted`,
    );
  }
  const alarmEmail = values[key('alarmEmail')] ?? '';
  const mailDomain = alarmEmail.split('@')[1];
  if (mailDomain && RESERVED_DOMAIN.test(mailDomain)) {
    problems.push(`${key('alarmEmail')} "${alarmEmail}" is a placeholder address: alarms would reach nobody`);
  }
  const origins = parseJson(values[key('corsOrigins')]);
  for (const origin of Array.isArray(origins) ? origins : []) {
    const host = typeof origin === 'string' ? hostOf(origin) : undefined;
    if (host && RESERVED_DOMAIN.test(host)) problems.push(`${key('corsOrigins')} entry "${String(origin)}" is a placeholder origin`);
  }
  return problems;
}

function settingProblems(values: Values): string[] {
  return ['true', 'false', undefined].includes(values[key('ntfyPublicTopic')]) ? [] : [`${key('ntfyPublicTopic')} must be true or false`];
}

/** Every reason this stack's config must not be deployed, beyond the shape of each setting. */
export function deploymentProblems(values: Values, stage: Stage): string[] {
  return [...accountProblems(values), ...tagProblems(values, stage), ...settingProblems(values), ...(stage === 'prod' ? prodProblems(values) : [])];
}
