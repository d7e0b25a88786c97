/**
 * What a device remembers of a user between logins ({@link
 * io.confchat.chat.internal.device.DeviceState}): the messages shown, keyed by sender and id
 * ({@link io.confchat.chat.internal.device.SeenMessages}), and those not saved to the history yet
 * ({@link io.confchat.chat.internal.device.UnsavedHistory}).
 */
package io.confchat.chat.internal.device;
