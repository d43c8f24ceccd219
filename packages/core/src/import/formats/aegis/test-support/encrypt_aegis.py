# Writes an encrypted Aegis vault (Aegis docs/vault.md) with python3-cryptography (OpenSSL),
# independently of Tessera's code: stdin {"password", "db", "n", "r", "p"}, stdout the vault JSON.
import base64
import json
import os
import sys
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

request = json.load(sys.stdin)
master_key = AESGCM.generate_key(bit_length=256)


def seal(key, plaintext):
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext, None)
    return sealed[:-16], {"nonce": nonce.hex(), "tag": sealed[-16:].hex()}


salt = os.urandom(32)
n, r, p = request["n"], request["r"], request["p"]
slot_key = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(request["password"].encode("utf-8"))
sealed_key, key_params = seal(slot_key, master_key)
db, db_params = seal(master_key, json.dumps(request["db"]).encode("utf-8"))
vault = {
    "version": 1,
    "header": {
        "slots": [{
            "type": 1, "uuid": str(uuid.uuid4()), "key": sealed_key.hex(), "key_params": key_params,
            "n": n, "r": r, "p": p, "salt": salt.hex(), "repaired": True, "is_backup": False,
        }],
        "params": db_params,
    },
    "db": base64.b64encode(db).decode("ascii"),
}
sys.stdout.write(json.dumps(vault, indent=4).replace("/", "\\/"))
