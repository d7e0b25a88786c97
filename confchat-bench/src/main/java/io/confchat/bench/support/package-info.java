/**
 * What the benchmarks measure with and run on: a counting decorator of the node transport ({@link
 * io.confchat.bench.support.CountingTransport}), process CPU time and the kernel's UDP counters,
 * real loopback networks and simulated ones, and the record workloads they put and get.
 *
 * <p>Nothing here is part of the SDK; these classes exist to make the figures in {@code
 * BENCHMARKS.md} reproducible and honest about what they count.
 */
package io.confchat.bench.support;
