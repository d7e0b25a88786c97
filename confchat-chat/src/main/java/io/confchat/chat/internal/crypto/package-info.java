/**
 * The cryptographic building blocks of the chat layer (docs/security-model.md, docs/architecture.md#cryptography-and-its-cost), each in its own small
 * class with a stated contract:
 *
 * <ul>
 *   <li>{@link io.confchat.chat.internal.crypto.X25519KeyPair}: the inbox key {@code EK} and the
 *       Noise static and ephemeral keys; refuses all-zero (low-order) shared secrets.
 *   <li>{@link io.confchat.chat.internal.crypto.ChaChaPoly}: ChaCha20-Poly1305 through the JDK
 *       {@code Cipher} (the key blob, history chunks, the Noise transport).
 *   <li>{@link io.confchat.chat.internal.crypto.Hkdf}: HKDF-SHA256 and HMAC-SHA256 (RFC 5869).
 *   <li>{@link io.confchat.chat.internal.crypto.PasswordKdf}: bcrypt then HKDF, the key that opens
 *       the key blob; parses the salt of a user record strictly.
 *   <li>{@link io.confchat.chat.internal.crypto.Hpke}: single-shot HPKE base mode (RFC 9180) for
 *       offline messages sealed to {@code EK}.
 *   <li>{@link io.confchat.chat.internal.crypto.NoiseHandshake}, {@link
 *       io.confchat.chat.internal.crypto.NoiseTransport} and {@link
 *       io.confchat.chat.internal.crypto.NoiseCipherState}: {@code Noise_XX_25519_ChaChaPoly_SHA256}
 *       (Noise revision 34) for live chat.
 * </ul>
 *
 * <p>Crypto comes only from BouncyCastle and the JDK. Nothing here logs, and {@code toString()}
 * never shows key material.
 */
package io.confchat.chat.internal.crypto;
