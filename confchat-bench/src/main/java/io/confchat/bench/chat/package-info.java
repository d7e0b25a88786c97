/**
 * The links {@code MessageThroughputBenchmark} sends 100-byte texts over: the full chat client,
 * the live session alone, and a bare netty echo as the floor.
 */
package io.confchat.bench.chat;
