/**
 * The in-memory network of the deterministic tests: {@link
 * io.confchat.dht.internal.sim.SimulatedNetwork} carries the nodes' datagrams and stream frames as
 * bytes (every message encoded and decoded on each hop), with seeded delays and drops, on a {@link
 * io.confchat.dht.time.ManualScheduler}; {@link io.confchat.dht.internal.sim.SeededRandom} gives
 * the simulations randomness that replays from their seed. Main code so that the DHT's tests, the chat layer's tests,
 * the benchmarks and {@code confchat-testkit} share this one implementation; not an API.
 */
package io.confchat.dht.internal.sim;
