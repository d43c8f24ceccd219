# Writes an Ente Auth encrypted export (ente export_widget.dart) with libsodium through
# python3-nacl, independently of Tessera's code: crypto_pwhash (Argon2id v1.3) and one
# crypto_secretstream_xchacha20poly1305 message pushed with the requested tag.
# stdin {"password", "text", "memLimit", "opsLimit", "tag"}, stdout the export JSON.
import base64
import json
import os
import sys

import nacl.bindings as sodium

request = json.load(sys.stdin)
salt = os.urandom(16)
key = sodium.crypto_pwhash_alg(
    32, request["password"].encode("utf-8"), salt, request["opsLimit"], request["memLimit"], sodium.crypto_pwhash_ALG_ARGON2ID13
)
state = sodium.crypto_secretstream_xchacha20poly1305_state()
header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
message = sodium.crypto_secretstream_xchacha20poly1305_push(state, request["text"].encode("utf-8"), None, request["tag"])
sys.stdout.write(json.dumps({
    "version": 1,
    "kdfParams": {"memLimit": request["memLimit"], "opsLimit": request["opsLimit"], "salt": base64.b64encode(salt).decode()},
    "encryptedData": base64.b64encode(message).decode(),
    "encryptionNonce": base64.b64encode(header).decode(),
}))
