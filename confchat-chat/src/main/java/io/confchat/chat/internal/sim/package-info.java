/**
 * Live sessions in memory, for deterministic tests on a {@link
 * io.confchat.dht.time.ManualScheduler}: {@link io.confchat.chat.internal.sim.SimulatedStreams}
 * (connections as pairs of netty {@code EmbeddedChannel}s, seeded delays, crashes, NATs, relays),
 * {@link io.confchat.chat.internal.sim.SimulatedPunches} (hole punches on them) and {@link
 * io.confchat.chat.internal.sim.ClientWiring} (a client assembled as in production on them). Main
 * code so that the chat layer's tests and {@code confchat-testkit} share one implementation; not
 * an API.
 */
package io.confchat.chat.internal.sim;
