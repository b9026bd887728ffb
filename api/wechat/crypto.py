"""WeChat Official Account message signing and encryption (安全模式).

- ``signature = sha1("".join(sorted([token, timestamp, nonce])))`` on every call;
- ``msg_signature = sha1("".join(sorted([token, timestamp, nonce, encrypt])))``
  in safe mode;
- AES-256-CBC with key = base64decode(EncodingAESKey + "="), IV = key[:16],
  PKCS#7 padding to a multiple of 32 bytes, plaintext = 16 random bytes +
  4-byte big-endian length + message + AppId.

Nothing here logs; keys and messages never leave these functions except as
return values.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK_SIZE = 32  # WeChat pads to 32 bytes, not the AES block size
REPLAY_WINDOW_SECONDS = 300


class WeChatCryptoError(ValueError):
    """A message that fails verification or decryption (the caller answers 4xx)."""


class InvalidSignature(WeChatCryptoError):
    pass


class InvalidAppId(WeChatCryptoError):
    pass


class InvalidCiphertext(WeChatCryptoError):
    pass


class InvalidKey(WeChatCryptoError):
    """The configured EncodingAESKey is not 43 characters of base64 for 32 bytes."""


def sha1_signature(*parts: str) -> str:
    """sha1 over the lexicographically sorted parts, hex (WeChat's signature)."""
    return hashlib.sha1("".join(sorted(str(p) for p in parts)).encode("utf-8")).hexdigest()


def _same(a: str | None, b: str) -> bool:
    if not a:
        return False
    return hmac.compare_digest(a.strip().lower().encode("utf-8", "replace"), b.encode("ascii"))


def check_signature(token: str, signature: str | None, timestamp: str | None, nonce: str | None) -> bool:
    """The plain ``signature`` query parameter (GET verification and every POST)."""
    if not token or signature is None or timestamp is None or nonce is None:
        return False
    return _same(signature, sha1_signature(token, timestamp, nonce))


def msg_signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    return sha1_signature(token, timestamp, nonce, encrypt)


def check_msg_signature(
    token: str, signature: str | None, timestamp: str | None, nonce: str | None, encrypt: str | None
) -> bool:
    if not token or signature is None or timestamp is None or nonce is None or encrypt is None:
        return False
    return _same(signature, msg_signature(token, timestamp, nonce, encrypt))


def timestamp_fresh(timestamp: str | None, now: float | None = None, window: int = REPLAY_WINDOW_SECONDS) -> bool:
    """True when ``timestamp`` (Unix seconds) is within ``window`` seconds of now, either way."""
    if timestamp is None:
        return False
    ts = timestamp.strip()
    if not ts.isascii() or not ts.isdigit() or len(ts) > 12:
        return False
    now = time.time() if now is None else now
    return abs(now - int(ts)) <= window


def decode_aes_key(encoding_aes_key: str) -> bytes:
    """EncodingAESKey (43 characters) → the 32-byte AES key."""
    if not encoding_aes_key or len(encoding_aes_key) != 43:
        raise InvalidKey("EncodingAESKey must be 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidKey("EncodingAESKey is not base64") from exc
    if len(key) != 32:
        raise InvalidKey("EncodingAESKey must decode to 32 bytes")
    return key


def pkcs7_pad(data: bytes, block_size: int = BLOCK_SIZE) -> bytes:
    n = block_size - len(data) % block_size  # 1..block_size, a full block when aligned
    return data + bytes([n]) * n


def pkcs7_unpad(data: bytes, block_size: int = BLOCK_SIZE) -> bytes:
    if not data:
        raise InvalidCiphertext("empty plaintext")
    n = data[-1]
    if n < 1 or n > block_size or n > len(data):
        raise InvalidCiphertext("bad padding")
    if not hmac.compare_digest(data[-n:], bytes([n]) * n):
        raise InvalidCiphertext("bad padding")
    return data[:-n]


@dataclass(frozen=True)
class WeChatCipher:
    """Encrypts and decrypts the ``Encrypt`` field for one account."""

    key: bytes
    appid: str

    @classmethod
    def from_settings(cls, encoding_aes_key: str, appid: str) -> "WeChatCipher":
        if not appid:
            raise InvalidKey("AppId is not configured")
        return cls(decode_aes_key(encoding_aes_key), appid)

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def encrypt(self, message: str, random_prefix: bytes | None = None) -> str:
        """``message`` → base64 ciphertext for the ``Encrypt`` field."""
        prefix = os.urandom(16) if random_prefix is None else random_prefix
        if len(prefix) != 16:
            raise ValueError("random prefix must be 16 bytes")
        body = message.encode("utf-8")
        plain = prefix + struct.pack(">I", len(body)) + body + self.appid.encode("utf-8")
        enc = self._cipher().encryptor()
        return base64.b64encode(enc.update(pkcs7_pad(plain)) + enc.finalize()).decode("ascii")

    def decrypt(self, encrypt: str) -> str:
        """base64 ciphertext → the message; checks padding, length and AppId."""
        try:
            raw = base64.b64decode(encrypt.strip(), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidCiphertext("Encrypt is not base64") from exc
        if not raw or len(raw) % 16 or len(raw) % BLOCK_SIZE:
            raise InvalidCiphertext("ciphertext length is not a multiple of 32 bytes")
        dec = self._cipher().decryptor()
        plain = pkcs7_unpad(dec.update(raw) + dec.finalize())
        if len(plain) < 20:
            raise InvalidCiphertext("plaintext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        body = plain[20 : 20 + length]
        if len(body) != length:
            raise InvalidCiphertext("bad message length")
        appid = plain[20 + length :]
        if not hmac.compare_digest(appid, self.appid.encode("utf-8")):
            raise InvalidAppId("AppId does not match")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidCiphertext("message is not UTF-8") from exc

    def encrypted_reply(self, token: str, reply_xml: str, nonce: str | None = None, timestamp: str | None = None) -> str:
        """The safe-mode response envelope around ``reply_xml``."""
        timestamp = timestamp or str(int(time.time()))
        if not nonce or not (nonce.isascii() and nonce.isalnum()) or len(nonce) > 64:
            nonce = base64.b32encode(os.urandom(10)).decode("ascii").lower()
        encrypt = self.encrypt(reply_xml)
        signature = msg_signature(token, timestamp, nonce, encrypt)
        # Every value is base64, hex or digits: nothing can break the CDATA sections.
        return (
            "<xml>"
            f"<Encrypt><![CDATA[{encrypt}]]></Encrypt>"
            f"<MsgSignature><![CDATA[{signature}]]></MsgSignature>"
            f"<TimeStamp>{int(timestamp)}</TimeStamp>"
            f"<Nonce><![CDATA[{nonce}]]></Nonce>"
            "</xml>"
        )

