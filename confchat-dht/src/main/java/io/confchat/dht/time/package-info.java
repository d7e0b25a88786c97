/**
 * Injected time: {@link io.confchat.dht.time.Scheduler} is the only clock and timer protocol code
 * uses; {@link io.confchat.dht.time.SystemScheduler} is the production one, and the test fixtures
 * provide a manual one.
 */
package io.confchat.dht.time;
