package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInvitation;
import io.confchat.api.chat.GroupMessage;
import java.util.concurrent.CompletableFuture;

/**
 * The login's side of the group code for a member with no network: nothing goes out live, every
 * control is taken as sent, every name matches its key, every message is shown and nothing is kept.
 * The engine's unit tests and the group cost benchmark extend it where they need the device (what
 * {@link #keep}, {@link #keepPosition} and {@link #keepChain} are asked to keep).
 */
class OfflineLinks implements GroupLinks {

    @Override
    public boolean sendLive(String peer, byte[] envelope) {
        return false;
    }

    @Override
    public CompletableFuture<Boolean> reach(String peer, byte[] identityKey, byte[] envelope) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletableFuture<Void> sendControl(
            String peer, byte[] identityKey, byte[] envelope, byte[] forInbox, byte[] id) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<NameBinding> binding(String username, byte[] identityKey) {
        return CompletableFuture.completedFuture(NameBinding.MATCHES);
    }

    @Override
    public boolean knows(byte[] identityKey) {
        return false;
    }

    @Override
    public void controlTaken(byte[] id) {}

    @Override
    public boolean show(GroupMessage message, byte[] senderKey) {
        return true;
    }

    @Override
    public void sent(GroupMessage message) {}

    @Override
    public void keep(GroupId group, byte[] state) {}

    @Override
    public void keepPosition(GroupId group, byte[] chainId, byte[] position) {}

    @Override
    public void keepChain(GroupId group, byte[] chainId, byte[] chain) {}

    @Override
    public void invited(GroupInvitation invitation) {}

    @Override
    public void changed(GroupChange change) {}

    @Override
    public void delivered(GroupDelivery delivery) {}
}
