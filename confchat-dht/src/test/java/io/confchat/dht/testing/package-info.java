/**
 * Test fixtures, exported in the test-jar for other modules and benchmarks:
 * {@link io.confchat.dht.testing.ManualScheduler} (a clock that moves only when told) and
 * {@link io.confchat.dht.testing.SimulatedNetwork} (many nodes in one thread, every message
 * encoded and decoded on each hop, seeded delays and drops).
 */
package io.confchat.dht.testing;
