// A tessera that is waiting for someone to type the app-lock passphrase: `node ask-forever.js
// <dir>` starts an update of the app-locked vault in <dir> through the BUILT store
// (apps/cli/dist; build first with `npx tsc -b tsconfig.build.json`), prints "asking" when
// the passphrase is asked for, and then waits for an answer that never comes, until killed.
import { FileVaultStore } from '../../../dist/store/vault-store.js';

const [dir] = process.argv.slice(2);
const askPassphrase = () => {
  process.stdout.write('asking\n');
  // The interval keeps the process alive while the prompt waits.
  setInterval(() => undefined, 60_000);
  return new Promise(() => undefined);
};
const store = new FileVaultStore({ dir, keychain: null, askPassphrase });
await store.update((vault) => ({ vault, result: undefined }));
