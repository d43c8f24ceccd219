# Writes a legacy-encrypted Authenticator Pro backup (PBKDF2-HMAC-SHA1 64 000 + AES-256-CBC with
# PKCS#7) with python3-cryptography (OpenSSL), independently of Tessera's code:
# stdin {"password", "document"}, stdout the binary backup.
import json
import os
import sys

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

request = json.load(sys.stdin)
salt = os.urandom(20)
iv = os.urandom(16)
key = PBKDF2HMAC(algorithm=hashes.SHA1(), length=32, salt=salt, iterations=64000).derive(request["password"].encode("utf-8"))
padder = padding.PKCS7(128).padder()
padded = padder.update(json.dumps(request["document"]).encode("utf-8")) + padder.finalize()
encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
sys.stdout.buffer.write(b"AuthenticatorPro" + salt + iv + encryptor.update(padded) + encryptor.finalize())
