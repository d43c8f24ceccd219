// One contender of the store's multi-process test: `node hotp-increment.js <dir> <rounds>`
// advances the HOTP counter of the vault's first account <rounds> times, each through the
// BUILT store's update (apps/cli/dist; build first with `npx tsc -b tsconfig.build.json`).
import { advanceHotpCounter } from '@tessera/core';
import { FileVaultStore } from '../../../dist/store/vault-store.js';

const [dir, rounds] = process.argv.slice(2);
const store = new FileVaultStore({ dir, keychain: null });
for (let i = 0; i < Number(rounds); i++) {
  await store.update((vault) => {
    const id = vault.accounts[0].id;
    const { vault: next, counter } = advanceHotpCounter(vault, id, { now: Date.now() });
    return { vault: next, result: counter };
  });
}
