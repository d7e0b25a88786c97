package io.confchat.chat.internal.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.session.DialResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedialsTest {
    private final Redials redials = new Redials();
    private final AtomicInteger dials = new AtomicInteger();

    private CompletableFuture<DialResult> dial() {
        dials.incrementAndGet();
        return CompletableFuture.completedFuture(new DialResult.Unreachable("dropped"));
    }

    @Test
    void aPeerThatKeepsDroppingConnections_isRedialedOnlyUpToTheLimit_untilItAcknowledges() {
        for (int i = 0; i < 10; i++) {
            redials.start("bob", this::dial);
        }
        assertThat(dials).hasValue(Redials.UNPROVEN_LIMIT);
        assertThat(redials.start("bob", this::dial).join()).isInstanceOf(DialResult.Unreachable.class);

        redials.proven("bob");
        redials.start("bob", this::dial);
        assertThat(dials).hasValue(Redials.UNPROVEN_LIMIT + 1);
        assertThat(redials.running("bob")).isEmpty();
    }

    @Test
    void aRedialRunning_isShared_andCountsOnce() {
        CompletableFuture<DialResult> slow = new CompletableFuture<>();
        CompletableFuture<DialResult> first = redials.start("carol", () -> slow);
        CompletableFuture<DialResult> second = redials.start("carol", this::dial);

        assertThat(second).isSameAs(first);
        slow.complete(new DialResult.Unreachable("gone"));
        for (int i = 0; i < Redials.UNPROVEN_LIMIT - 1; i++) {
            redials.start("carol", this::dial);
        }
        assertThat(dials).hasValue(Redials.UNPROVEN_LIMIT - 1);
    }
}
