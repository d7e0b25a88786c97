/**
 * Benchmarks of the DHT: {@link io.confchat.bench.LookupBenchmark} (JMH, real nodes on loopback
 * UDP in one JVM) and {@link io.confchat.bench.SimulatedScale} (a plain program, ten thousand nodes
 * on the simulated network). {@code BENCHMARKS.md} at the repository root says how to run them and
 * what each figure measures.
 */
package io.confchat.bench;
