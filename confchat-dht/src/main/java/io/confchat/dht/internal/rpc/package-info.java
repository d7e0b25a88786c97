/**
 * Request/response on top of a byte-level {@link io.confchat.dht.internal.rpc.Transport}: start
 * with {@link io.confchat.dht.internal.rpc.RpcEndpoint}. Timeouts adapt to measured round trips
 * ({@link io.confchat.dht.internal.rpc.RttEstimator}). A datagram reply is never larger than its
 * request unless the request shows a cookie ({@code CookieJar}, docs/dht-hardening.md). Request
 * timeouts run where the transport says ({@link io.confchat.dht.internal.rpc.Transport#requestTimers}).
 */
package io.confchat.dht.internal.rpc;
