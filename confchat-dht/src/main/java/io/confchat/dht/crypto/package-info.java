/**
 * Node identity and signatures: {@link io.confchat.dht.crypto.Ed25519KeyPair} (BouncyCastle
 * RFC 8032) and {@link io.confchat.dht.crypto.NodeIdentity}, whose id is the SHA-256 of its public
 * key.
 */
package io.confchat.dht.crypto;
