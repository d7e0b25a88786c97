/**
 * Injected time: {@link io.confchat.dht.time.Scheduler} is the only clock and timer protocol code
 * uses; {@link io.confchat.dht.time.SystemScheduler} is the production one, {@link
 * io.confchat.dht.time.ManualScheduler} the one of deterministic tests (its clock moves only when
 * the test advances it).
 */
package io.confchat.dht.time;
