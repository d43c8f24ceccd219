/**
 * Opening Ente Auth's encrypted export (ente `export_widget.dart`, `encrypted_ente_import.dart`;
 * formats.md §6.1): `{version: 1, kdfParams: {memLimit, opsLimit, salt}, encryptedData,
 * encryptionNonce}`. The key is libsodium `crypto_pwhash` — Argon2id v1.3 with t = opsLimit,
 * m = memLimit / 1024 KiB, one lane — of the password; the data is one message of
 * `crypto_secretstream_xchacha20poly1305` whose 24-byte header is `encryptionNonce`. The
 * memory and passes come from the file, so they are bounded before anything is derived. The
 * message's tag is TAG_FINAL from newer Ente versions and TAG_MESSAGE from older ones; both are
 * accepted, as Ente itself does.
 *
 * @module
 */
import type { Fail } from '../../../internal/json.js';
import { decodeBase64 } from '../../../encoding/base64.js';
import type { JsonFields } from '../../internal/json.js';
import type { ImportKdfs } from '../../types.js';
import { wrongPassword } from '../internal/errors.js';
import { argon2idKey, checkArgon2id, type Argon2Params } from '../internal/kdf.js';
import { openSecretstreamMessage, SECRETSTREAM_ABYTES, SECRETSTREAM_HEADER_BYTES, TAG_FINAL, TAG_MESSAGE } from '../internal/secretstream.js';

/** What names this format in messages. */
export const ENTE_NAME = 'Ente Auth export';

/** libsodium's `crypto_pwhash_SALTBYTES`. */
const SALT_BYTES = 16;

function argon2Params(kdf: JsonFields, fail: Fail): Argon2Params {
  const memLimit = kdf.integer('memLimit', { min: 0 });
  const params = { t: kdf.integer('opsLimit', { min: 0 }), m: Math.floor(memLimit / 1024), p: 1 };
  checkArgon2id(params, fail);
  return params;
}

/**
 * The plaintext (a list of otpauth URIs) of an encrypted export.
 *
 * @throws {CoreError} `ERR_IMPORT_PASSWORD_WRONG` when the message does not authenticate;
 *   `ERR_IMPORT_INVALID` (through `fail`) for malformed fields, KDF parameters out of range or
 *   a stream tag other than message or final.
 */
export async function decryptEnte(file: JsonFields, password: string, kdfs: ImportKdfs, fail: Fail): Promise<Uint8Array> {
  const kdf = file.object('kdfParams');
  const params = argon2Params(kdf, fail);
  const salt = decodeBase64(kdf.string('salt'), 'kdfParams.salt', fail);
  if (salt.length !== SALT_BYTES) fail(`kdfParams.salt must be ${SALT_BYTES} bytes.`);
  const header = decodeBase64(file.string('encryptionNonce'), 'encryptionNonce', fail);
  if (header.length !== SECRETSTREAM_HEADER_BYTES) fail(`encryptionNonce must be ${SECRETSTREAM_HEADER_BYTES} bytes.`);
  const message = decodeBase64(file.string('encryptedData'), 'encryptedData', fail);
  if (message.length < SECRETSTREAM_ABYTES) fail('encryptedData is too short to hold a message.');
  const key = await argon2idKey(kdfs, password, salt, params, fail);
  const opened = openSecretstreamMessage(key, header, message);
  if (opened === undefined) throw wrongPassword(ENTE_NAME);
  if (opened.tag !== TAG_FINAL && opened.tag !== TAG_MESSAGE) fail(`the stream message has tag ${opened.tag}, not message or final.`);
  return opened.plaintext;
}
