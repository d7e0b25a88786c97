package io.confchat.chat.internal.device;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link DeviceState} of every user who logged in on this device. Thread-safe. */
public final class DeviceStates {
    private final Map<String, DeviceState> byUser = new ConcurrentHashMap<>();
    private final long maxUnsavedBytes;

    public DeviceStates(long maxUnsavedBytes) {
        this.maxUnsavedBytes = maxUnsavedBytes;
    }

    public DeviceState of(String username) {
        return byUser.computeIfAbsent(username, u -> new DeviceState(maxUnsavedBytes));
    }
}
