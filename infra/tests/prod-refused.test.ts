import { describe, expect, it } from '@jest/globals';
import { StackConfigError } from '../src/config';
import { runProgram } from './helpers/run-program';

// The program run on the committed Pulumi.prod.yaml, as `pulumi preview --stack prod` would run it.
describe('prod stack as committed', () => {
  it('is refused: its ntfy URL, CORS origin and alarm e-mail are placeholders', async () => {
    const refusal = runProgram('prod', { secrets: { 'rez-agent:apiToken': 'prod-api-token' } });
    await expect(refusal).rejects.toBeInstanceOf(StackConfigError);
    await expect(refusal).rejects.toThrow(/ntfyUrl "https:\/\/ntfy\.sh\/rez-agent-prod-change-me" is a placeholder[\s\S]*alarmEmail "ops@example\.com"[\s\S]*corsOrigins entry "https:\/\/rez-agent\.example\.com"/);
  });
});
