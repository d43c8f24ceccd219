# Test vectors for crypto_secretstream_xchacha20poly1305 from libsodium (python3-nacl):
# stdin {"key": hex, "messages": [{"hex": plaintext hex, "tag": n}]}, stdout a JSON list of
# {"header", "message", "plaintext", "tag"} in hex, one fresh stream per message.
import json
import sys

import nacl.bindings as sodium

request = json.load(sys.stdin)
key = bytes.fromhex(request["key"])
out = []
for item in request["messages"]:
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    message = sodium.crypto_secretstream_xchacha20poly1305_push(state, bytes.fromhex(item["hex"]), None, item["tag"])
    out.append({"header": header.hex(), "message": message.hex(), "plaintext": item["hex"], "tag": item["tag"]})
json.dump(out, sys.stdout)
