import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

/** Reads one secret value by name (an SSM SecureString in AWS). */
export interface SecretStore {
  get(name: string): Promise<string>;
}

/** SSM Parameter Store, decrypting SecureStrings. */
export function ssmSecretStore(client: SSMClient): SecretStore {
  return {
    async get(name) {
      const result = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      const value = result.Parameter?.Value;
      if (!value) throw new Error(`SSM parameter ${name} has no value`);
      return value;
    },
  };
}

export interface SecretSource {
  /** A plain value (local runs); wins when set. */
  value?: string | undefined;
  /** The parameter holding the value in AWS. */
  parameterName?: string | undefined;
  store?: SecretStore;
}

/**
 * A secret resolved once per process, on first use: a cold start makes no SSM call until a
 * request needs the value, and every later request reuses it. A failed read is not cached,
 * so the next request tries again. Resolves undefined when neither a value nor a parameter is
 * configured.
 */
export function lazySecret(source: SecretSource): () => Promise<string | undefined> {
  let pending: Promise<string | undefined> | undefined;
  return () => {
    if (source.value) return Promise.resolve(source.value);
    if (!source.parameterName) return Promise.resolve(undefined);
    if (!source.store) return Promise.reject(new Error(`no secret store to read ${source.parameterName}`));
    pending ??= source.store.get(source.parameterName).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
