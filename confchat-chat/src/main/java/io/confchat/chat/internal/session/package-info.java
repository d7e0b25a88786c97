/**
 * Live sessions (DESIGN.md 4, "Live chat"): a direct TCP connection on the node's shared port,
 * protocol {@code /confchat/chat/1}, secured with Noise XX ({@link
 * io.confchat.chat.internal.session.NoiseHandshakeHandler}) whose payloads bind each side's
 * Noise key to its identity key ({@link io.confchat.chat.internal.session.SessionIdentity}); then
 * text, ack, typing and bye frames ({@link io.confchat.chat.internal.session.LiveSession}). {@link
 * io.confchat.chat.internal.session.Sessions} dials, accepts, and keeps one session per peer.
 *
 * <pre>
 *  pipeline: [frame decoder/encoder (dht)] -> NoiseHandshakeHandler --(split)--> LiveSession
 * </pre>
 */
package io.confchat.chat.internal.session;
