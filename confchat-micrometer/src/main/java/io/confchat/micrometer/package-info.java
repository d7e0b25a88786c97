/**
 * Optional Micrometer binding of conf-chat: {@link io.confchat.micrometer.NodeMetrics} for a DHT
 * node, {@link io.confchat.micrometer.ClientMetrics} for a chat client. Each is a {@code
 * MeterBinder}: {@code new NodeMetrics(node, Tags.of("node", "eu-1")).bindTo(registry)}. The meter
 * names and tags are listed on each class and in docs/architecture.md ("Operating a node").
 */
package io.confchat.micrometer;
