/**
 * What every login of a client shares ({@link io.confchat.chat.internal.runtime.ChatRuntime}): the
 * DHT, the clock, the executors ({@link io.confchat.chat.internal.runtime.SerialExecutor} keeps
 * events in order), the listeners ({@link io.confchat.chat.internal.runtime.ChatEvents}) and the
 * user list.
 */
package io.confchat.chat.internal.runtime;
