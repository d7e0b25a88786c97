/**
 * Test conf-chat applications without sockets or sleeping: {@link
 * io.confchat.testkit.TestNetwork} is an in-memory network of DHT nodes and chat clients on manual
 * time, deterministic for a given seed, in the spirit of OkHttp's {@code MockWebServer} and
 * netty's {@code EmbeddedChannel}. Add {@code io.confchat:confchat-testkit} in the test scope.
 */
package io.confchat.testkit;
