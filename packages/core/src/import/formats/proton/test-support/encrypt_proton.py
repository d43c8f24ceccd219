# Writes a password-protected Proton Authenticator export (proton-pass-common password_exporter.rs)
# independently of Tessera's code: Argon2id from libsodium (python3-nacl, crypto_pwhash, which is
# Argon2id v1.3 with one lane) and AES-256-GCM from python3-cryptography (OpenSSL).
# stdin {"password", "export"}, stdout the protected export JSON.
import base64
import json
import os
import sys

import nacl.bindings
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

request = json.load(sys.stdin)
salt = os.urandom(16)
key = nacl.bindings.crypto_pwhash_alg(
    32, request["password"].encode("utf-8"), salt, 2, 19 * 1024 * 1024, nacl.bindings.crypto_pwhash_ALG_ARGON2ID13
)
nonce = os.urandom(12)
sealed = AESGCM(key).encrypt(nonce, json.dumps(request["export"]).encode("utf-8"), b"proton.authenticator.export.v1")
sys.stdout.write(json.dumps({"version": 1, "salt": base64.b64encode(salt).decode(), "content": base64.b64encode(nonce + sealed).decode()}))
