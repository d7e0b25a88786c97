package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.group.ReceivingChain.Opened;
import io.confchat.chat.internal.group.ReceivingChain.Refusal;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.sim.SeededRandom;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SenderKeyChainTest {
    private static final byte[] GROUP = filled(32, 7);

    private final SecureRandom random = SeededRandom.of(42);
    private final Random ids = new Random(1);
    private SendingChain alice;
    private ReceivingChain bobsCopy;

    @BeforeEach
    void setUp() {
        alice = SendingChain.start(GROUP, random);
        bobsCopy = ReceivingChain.from(alice.distribution());
    }

    @Test
    void open_shouldReadEveryMessageInOrderOnce() {
        for (int i = 0; i < 5; i++) {
            GroupText text = text("message " + i);
            SealedGroupMessage m = seal(text);

            assertThat(bobsCopy.open(m)).isEqualTo(new Opened.Text(i, text));
            assertThat(bobsCopy.open(m)).isEqualTo(refused(Refusal.USED_OR_DROPPED));
        }
        assertThat(bobsCopy.nextIteration()).isEqualTo(5);
        assertThat(bobsCopy.skippedKeys()).isZero();
    }

    /**
     * Review 4: what a receipt may vouch for without opening: only a message this chain signed
     * whose iteration was opened; not one with another signature, not one skipped or not yet come.
     */
    @Test
    void openedBefore_onlyForAMessageOfThisChainWhoseIterationOpened() {
        SealedGroupMessage first = seal(text("m0"));
        SealedGroupMessage second = seal(text("m1"));
        SealedGroupMessage third = seal(text("m2"));
        assertThat(bobsCopy.open(third)).isInstanceOf(Opened.Text.class); // 0 and 1 skipped

        assertThat(bobsCopy.openedBefore(third)).isTrue();
        assertThat(bobsCopy.openedBefore(first)).isFalse();
        assertThat(bobsCopy.open(first)).isInstanceOf(Opened.Text.class);
        assertThat(bobsCopy.openedBefore(first)).isTrue();
        assertThat(bobsCopy.openedBefore(second)).isFalse();
        byte[] otherSignature = first.signature().clone();
        otherSignature[0] ^= 1;
        assertThat(bobsCopy.openedBefore(new SealedGroupMessage(
                        first.groupId(), first.chainId(), first.iteration(), first.ciphertext(), otherSignature)))
                .isFalse();
    }

    @Test
    void open_shouldReadOutOfOrderWithinTheWindow_eachOnce() {
        List<SealedGroupMessage> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(seal(text("m" + i)));
        }

        assertThat(bobsCopy.open(sent.get(4))).isInstanceOf(Opened.Text.class);
        assertThat(bobsCopy.skippedKeys()).isEqualTo(4);
        for (int i : new int[] {2, 0, 5, 3, 1}) {
            assertThat(bobsCopy.open(sent.get(i))).as("message " + i).isInstanceOf(Opened.Text.class);
        }
        assertThat(bobsCopy.skippedKeys()).isZero();
        for (SealedGroupMessage m : sent) {
            assertThat(bobsCopy.open(m)).isEqualTo(refused(Refusal.USED_OR_DROPPED));
        }
    }

    @Test
    void open_shouldRefuseAMessageTooFarAhead_andStayUsable() {
        SendingChain far = SendingChain.of(GROUP, alice.distribution().chainKey(), 0, new byte[32]);
        ReceivingChain copy = ReceivingChain.from(far.distribution());
        List<SealedGroupMessage> sent = new ArrayList<>();
        for (int i = 0; i <= ReceivingChain.MAX_SKIP + 1; i++) {
            sent.add(((SendingChain.Sealing.Sealed) far.seal(text("m" + i))).message());
        }

        assertThat(copy.open(sent.get(ReceivingChain.MAX_SKIP + 1))).isEqualTo(refused(Refusal.TOO_FAR_AHEAD));
        assertThat(copy.skippedKeys()).isZero();
        assertThat(copy.open(sent.get(ReceivingChain.MAX_SKIP))).isInstanceOf(Opened.Text.class);
        assertThat(copy.open(sent.get(0))).isInstanceOf(Opened.Text.class);
        assertThat(copy.open(sent.get(ReceivingChain.MAX_SKIP + 1))).isInstanceOf(Opened.Text.class);
    }

    @Test
    void open_shouldDropTheOldestSkippedKeyPastTheBound() {
        List<SealedGroupMessage> sent = new ArrayList<>();
        for (int i = 0; i <= ReceivingChain.MAX_SKIPPED_KEYS + 1; i++) {
            sent.add(seal(text("m" + i)));
        }
        // 0..1999 skipped by opening 2000, then 2001 (nothing new skipped): 2000 kept.
        assertThat(bobsCopy.open(sent.get(2000))).isInstanceOf(Opened.Text.class);
        assertThat(bobsCopy.skippedKeys()).isEqualTo(2000);

        SealedGroupMessage next = seal(text("m2002"));
        SealedGroupMessage after = seal(text("m2003"));
        assertThat(bobsCopy.open(after)).isInstanceOf(Opened.Text.class); // skips 2001 and 2002

        assertThat(bobsCopy.skippedKeys()).isEqualTo(ReceivingChain.MAX_SKIPPED_KEYS);
        assertThat(bobsCopy.open(sent.get(0))).isEqualTo(refused(Refusal.USED_OR_DROPPED));
        assertThat(bobsCopy.open(sent.get(1))).isEqualTo(refused(Refusal.USED_OR_DROPPED));
        assertThat(bobsCopy.open(sent.get(2))).isInstanceOf(Opened.Text.class);
        assertThat(bobsCopy.open(next)).isInstanceOf(Opened.Text.class);
        assertThat(bobsCopy.open(sent.get(2001))).isInstanceOf(Opened.Text.class);
    }

    /**
     * A member knows alice's chain key, so it can encrypt a message under her chain's next key; it
     * does not have the chain's signing key. Fails without the signature check in {@code
     * ReceivingChain.open}: the forgery opens under alice's chain (and spends her real message's key).
     */
    @Test
    void open_shouldRefuseAMemberForgingUnderAnotherMembersChain() {
        ChainDistribution stolen = alice.distribution();
        SendingChain mallory = SendingChain.of(GROUP, stolen.chainKey(), stolen.iteration(), filled(32, 9));
        SealedGroupMessage forged = ((SendingChain.Sealing.Sealed) mallory.seal(text("pay mallory"))).message();
        SealedGroupMessage underAlicesName = new SealedGroupMessage(
                forged.groupId(), alice.chainId(), forged.iteration(), forged.ciphertext(), forged.signature());

        assertThat(bobsCopy.open(underAlicesName)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
        GroupText real = text("the real one");
        assertThat(bobsCopy.open(seal(real))).isEqualTo(new Opened.Text(0, real));
    }

    @Test
    void open_shouldRefuseAlteredBytes_andKeepTheRealMessageReadable() {
        GroupText real = text("hello");
        SealedGroupMessage m = seal(real);
        byte[] ciphertext = m.ciphertext().clone();
        ciphertext[0] ^= 1;
        SealedGroupMessage altered = new SealedGroupMessage(m.groupId(), m.chainId(), 0, ciphertext, m.signature());
        SealedGroupMessage moved = new SealedGroupMessage(m.groupId(), m.chainId(), 1, m.ciphertext(), m.signature());
        SealedGroupMessage otherGroup =
                new SealedGroupMessage(filled(32, 8), m.chainId(), 0, m.ciphertext(), m.signature());

        assertThat(bobsCopy.open(altered)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
        assertThat(bobsCopy.open(moved)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
        assertThat(bobsCopy.open(otherGroup)).isEqualTo(refused(Refusal.OTHER_CHAIN));
        assertThat(bobsCopy.open(m)).isEqualTo(new Opened.Text(0, real));
    }

    /** Signed by the chain, but not decryptable: refused, and the chain does not move. */
    @Test
    void open_shouldRefuseASignedMessageThatDoesNotDecrypt_withoutMovingTheChain() {
        Ed25519KeyPair signer = Ed25519KeyPair.fromPrivateKey(filled(32, 3));
        SendingChain chain = SendingChain.of(GROUP, filled(32, 5), 0, filled(32, 3));
        ReceivingChain copy = ReceivingChain.from(chain.distribution());
        SealedGroupMessage garbage = new SealedGroupMessage(GROUP, chain.chainId(), 3, new byte[40], new byte[0]);
        SealedGroupMessage signedGarbage =
                new SealedGroupMessage(GROUP, chain.chainId(), 3, new byte[40], signer.sign(garbage.signingInput()));

        assertThat(copy.open(signedGarbage)).isEqualTo(refused(Refusal.UNREADABLE));
        assertThat(copy.nextIteration()).isZero();
        assertThat(copy.skippedKeys()).isZero();
        GroupText first = text("first");
        assertThat(copy.open(((SendingChain.Sealing.Sealed) chain.seal(first)).message()))
                .isEqualTo(new Opened.Text(0, first));
    }

    @Test
    void chainKey_shouldBeErasedOnceTheChainMovedPastIt() {
        ChainKey first = new ChainKey(filled(32, 1), 0);
        ChainKey second = first.next();
        first.erase();

        assertThat(first.isErased()).isTrue();
        assertThat(first).extracting("key").isEqualTo(new byte[32]);
        assertThat(second.isErased()).isFalse();
        assertThat(second.keyBytes()).isNotEqualTo(filled(32, 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(first::messageKey).isInstanceOf(IllegalStateException.class);
    }

    /** What a device holds after reading message 2 cannot open messages 0-2 again (forward secrecy). */
    @Test
    void distribution_shouldNotOpenMessagesBeforeIt() {
        List<SealedGroupMessage> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(seal(text("m" + i)));
        }
        ReceivingChain late = ReceivingChain.from(alice.distribution());
        GroupText fourth = text("m3");

        for (SealedGroupMessage m : sent) {
            assertThat(late.open(m)).isEqualTo(refused(Refusal.USED_OR_DROPPED));
        }
        assertThat(late.open(seal(fourth))).isEqualTo(new Opened.Text(3, fourth));
    }

    @Test
    void seal_shouldStopAtTheChainsEnd() {
        SendingChain nearEnd = SendingChain.of(GROUP, filled(32, 4), SendingChain.MAX_LENGTH - 1, filled(32, 6));
        ReceivingChain copy = ReceivingChain.from(nearEnd.distribution());
        GroupText last = text("last");

        SendingChain.Sealing sealing = nearEnd.seal(last);
        assertThat(copy.open(((SendingChain.Sealing.Sealed) sealing).message()))
                .isEqualTo(new Opened.Text(SendingChain.MAX_LENGTH - 1, last));
        assertThat(nearEnd.seal(text("one more")))
                .isEqualTo(new SendingChain.Sealing.ChainFull(SendingChain.MAX_LENGTH));
    }

    private SealedGroupMessage seal(GroupText text) {
        return ((SendingChain.Sealing.Sealed) alice.seal(text)).message();
    }

    private GroupText text(String body) {
        return new GroupText(MessageId.random(ids), 1_700_000_000_000L, body);
    }

    private static Opened refused(Refusal r) {
        return new Opened.Refused(r);
    }

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
