/**
 * Test fixtures, exported in the test-jar for other modules: {@link
 * io.confchat.dht.testing.SimCluster} (a joined network of nodes on the simulated network). The
 * simulated network itself is main code ({@code io.confchat.dht.internal.sim.SimulatedNetwork}),
 * as is the manual clock ({@link io.confchat.dht.time.ManualScheduler}), so the tests of every
 * module and the {@code confchat-testkit} share one implementation.
 */
package io.confchat.dht.testing;
