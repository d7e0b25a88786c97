package io.confchat.dht;

/**
 * How this node proves its id to others: a PONG signed for each PING (a fresh nonce, rate-limited
 * per source), and a certificate signed about every half hour that rides in replies to whoever asks
 * (docs/dht-hardening.md#proofs-in-replies).
 */
record OwnProofs(PongSigner pongs, CertificateIssuer certificates) {}
