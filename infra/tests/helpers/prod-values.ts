/**
 * What a real prod stack sets where the committed Pulumi.prod.yaml keeps placeholders (which
 * the program refuses): tests of prod overlay these, the way an operator edits the file.
 */
export const VALID_PROD: Readonly<Record<string, string>> = {
  'rez-agent:ntfyUrl': 'https://ntfy.sh/rez-agent-prod-k3v9q2x7',
  'rez-agent:ntfyToken': 'tk_prod',
  'rez-agent:alarmEmail': 'oncall@rez-agent.dev',
  'rez-agent:corsOrigins': JSON.stringify(['https://console.rez-agent.dev']),
};
