/** The sandbox cannot start as asked; the message is one line meant for a person at a terminal. */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
}
