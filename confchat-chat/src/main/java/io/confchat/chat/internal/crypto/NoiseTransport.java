package io.confchat.chat.internal.crypto;

/**
 * The two cipher states a completed Noise handshake splits into (Noise rev 34, section 5.2 Split):
 * {@code sender} encrypts what this side sends, {@code receiver} decrypts what it receives. Each is
 * used by one thread at a time; the two are independent.
 */
public record NoiseTransport(NoiseCipherState sender, NoiseCipherState receiver) {}
