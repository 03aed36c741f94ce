/** A local emulator could not start or stop; the message is meant for a person at a terminal. */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';
}
