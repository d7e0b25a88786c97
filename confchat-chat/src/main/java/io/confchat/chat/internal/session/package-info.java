/**
 * Live sessions (docs/architecture.md#live-sessions-as-a-netty-pipeline): a direct connection on
 * the node's shared port, protocol {@code /confchat/chat/1}, as a netty pipeline.
 *
 * <pre>
 *  [frames] -> HandshakeHandler --(Noise XX done)--> NoiseTransportCodec -> SessionFrameCodec -> SessionHandler
 * </pre>
 *
 * {@link io.confchat.chat.internal.session.HandshakeHandler} proves both identities ({@link
 * io.confchat.chat.internal.session.SessionIdentity}) within a deadline; {@link
 * io.confchat.chat.internal.session.NoiseTransportCodec} encrypts and decrypts; {@link
 * io.confchat.chat.internal.session.SessionFrameCodec} turns batches into {@link
 * io.confchat.chat.internal.session.Frame}s; {@link
 * io.confchat.chat.internal.session.SessionHandler} is the session, its states drawn in its
 * javadoc, reporting {@link io.confchat.chat.internal.session.SessionEvent}s. {@link
 * io.confchat.chat.internal.session.Sessions} dials, accepts and keeps one session per peer.
 */
package io.confchat.chat.internal.session;
