# Writes an encrypted andOTP backup in the new layout (andOTP BackupHelper.java) with
# python3-cryptography (OpenSSL), independently of Tessera's code:
# stdin {"password", "entries", "iterations"}, stdout the binary backup.
import json
import os
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

request = json.load(sys.stdin)
salt = os.urandom(12)
iv = os.urandom(12)
iterations = request["iterations"]
key = PBKDF2HMAC(algorithm=hashes.SHA1(), length=32, salt=salt, iterations=iterations).derive(request["password"].encode("utf-8"))
sealed = AESGCM(key).encrypt(iv, json.dumps(request["entries"]).encode("utf-8"), None)
sys.stdout.buffer.write(struct.pack(">I", iterations) + salt + iv + sealed)
