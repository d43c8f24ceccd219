# Writes an encrypted 2FAS backup (2fas-android BackupCipherImpl) with python3-cryptography
# (OpenSSL), independently of Tessera's code: stdin {"password", "services", "groups", "reference"},
# stdout the backup JSON.
import base64
import json
import os
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

request = json.load(sys.stdin)
salt = os.urandom(256)
key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=10000).derive(request["password"].encode("utf-8"))


def seal(plaintext):
    iv = os.urandom(12)
    sealed = AESGCM(key).encrypt(iv, plaintext.encode("utf-8"), None)
    return ":".join(base64.b64encode(part).decode("ascii") for part in (sealed, salt, iv))


backup = {
    "services": [],
    "groups": request["groups"],
    "updatedAt": 1702934567518,
    "schemaVersion": 4,
    "appVersionCode": 5000009,
    "appVersionName": "5.1.0",
    "appOrigin": "android",
    "servicesEncrypted": seal(json.dumps(request["services"])),
    "reference": seal(request["reference"]),
}
sys.stdout.write(json.dumps(backup))
