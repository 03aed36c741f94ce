export default async function teardown() {
  await globalThis.__REZ_DYNAMODB_LOCAL__?.stop();
}
