#!/usr/bin/env python3
"""Writes group_chain_vector.json: the sender-key composition of docs/wire-protocol.md#group-records-groupproto
computed independently of the Java code, with Python's hmac/hashlib and the `cryptography` package
(HKDF, ChaCha20-Poly1305, Ed25519). Run from this directory: python3 make_group_chain_vector.py
"""
import hashlib, hmac, json
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes, serialization

INFO = b"confchat/group-message/v1"
group_id = bytes([0x11]) * 32
chain_key0 = bytes(range(32))
signing_seed = bytes([0x22]) * 32
signer = Ed25519PrivateKey.from_private_bytes(signing_seed)
chain_id = signer.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])

def group_text(message_id, sent_at, text):
    t = text.encode("utf-8")
    return (b"\x0a" + varint(len(message_id)) + message_id + b"\x10" + varint(sent_at)
            + b"\x1a" + varint(len(t)) + t)

def prefixed(b):
    return len(b).to_bytes(4, "big") + b

def field(number, wire_type, body):
    return varint(number << 3 | wire_type) + body

def record_signing_input(i, ciphertext):
    """The record of the message's copy in the DHT, which the chain key signs: SignedRecord.signingInput
    with the page key, type group-msg, the chain id as owner, the iteration's slot, seq 1, a ttl of 30
    days, and the GroupMessage without its signature as payload (proto3: a zero iteration is omitted)."""
    payload = (field(1, 2, varint(32) + group_id) + field(2, 2, varint(32) + chain_id)
               + (field(3, 0, varint(i)) if i else b"") + field(4, 2, varint(len(ciphertext)) + ciphertext))
    page = hashlib.sha256(("group-msg/" + chain_id.hex() + "/" + str(i // 64)).encode()).digest()
    return (prefixed(b"confchat/record/v1") + prefixed(page) + prefixed(b"group-msg") + prefixed(chain_id)
            + prefixed(i.to_bytes(4, "big")) + (1).to_bytes(8, "big") + (30 * 86400).to_bytes(4, "big")
            + prefixed(payload))

messages = [
    (bytes([0x33]) * 16, 1700000000000, "hello group"),
    (bytes([0x44]) * 16, 1700000001000, "second message, \u00e9t\u00e9"),
]
ck = chain_key0
out = []
for i, (mid, sent_at, text) in enumerate(messages):
    mk = hmac.new(ck, b"\x01", hashlib.sha256).digest()
    next_ck = hmac.new(ck, b"\x02", hashlib.sha256).digest()
    okm = HKDF(algorithm=hashes.SHA256(), length=44, salt=None, info=INFO).derive(mk)
    key, nonce = okm[:32], okm[32:]
    aad = INFO + group_id + chain_id + i.to_bytes(4, "big")
    plaintext = group_text(mid, sent_at, text)
    ciphertext = ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad)
    signature = signer.sign(record_signing_input(i, ciphertext))
    out.append({"iteration": i, "chain_key": ck.hex(), "message_key": mk.hex(), "next_chain_key": next_ck.hex(),
                "aead_key": key.hex(), "aead_nonce": nonce.hex(), "message_id": mid.hex(), "sent_at_millis": sent_at,
                "text": text, "plaintext": plaintext.hex(), "ciphertext": ciphertext.hex(), "signature": signature.hex()})
    ck = next_ck

json.dump({"source": "make_group_chain_vector.py (Python hmac/hashlib, cryptography " +
           __import__("cryptography").__version__ + ")",
           "group_id": group_id.hex(), "signing_seed": signing_seed.hex(), "chain_id": chain_id.hex(),
           "messages": out}, open("group_chain_vector.json", "w"), indent=2)
