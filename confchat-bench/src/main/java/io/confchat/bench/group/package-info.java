/**
 * Group chat benchmarks through the public API: {@link io.confchat.bench.group.GroupFanOut}, a group
 * of 100 on the simulated network or on loopback (time to the last member, CPU and DHT bytes per
 * message, the cost of a removal). The cryptography alone is measured by {@code
 * io.confchat.chat.internal.group.GroupCryptoBenchmark}.
 */
package io.confchat.bench.group;
