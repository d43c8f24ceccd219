# Independent check of an encrypted Aegis vault (Aegis docs/vault.md, decrypt.py): reads the file
# on stdin, the password from argv[1], and prints the decrypted db JSON. Uses only Python's
# hashlib.scrypt and python3-cryptography's AESGCM.
import base64, hashlib, json, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

vault = json.load(sys.stdin)
password = sys.argv[1].encode("utf-8")
master = None
for slot in vault["header"]["slots"]:
    if slot["type"] != 1:
        continue
    key = hashlib.scrypt(password, salt=bytes.fromhex(slot["salt"]), n=slot["n"], r=slot["r"], p=slot["p"], dklen=32, maxmem=2**26)
    params = slot["key_params"]
    master = AESGCM(key).decrypt(bytes.fromhex(params["nonce"]), bytes.fromhex(slot["key"]) + bytes.fromhex(params["tag"]), None)
    break
params = vault["header"]["params"]
db = AESGCM(master).decrypt(bytes.fromhex(params["nonce"]), base64.b64decode(vault["db"]) + bytes.fromhex(params["tag"]), None)
sys.stdout.write(db.decode("utf-8"))
