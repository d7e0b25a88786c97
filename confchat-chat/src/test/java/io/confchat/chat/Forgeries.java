package io.confchat.chat;

import com.google.protobuf.ByteString;
import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordTypes;

/** Records an attacker can make with keys of its own, for the trust tests. */
final class Forgeries {
    private Forgeries() {}

    /** A well-formed user record for {@code genuine}'s name, with the impostor's keys, signed by it. */
    static SignedRecord userRecord(Account impostor, SignedRecord genuine) {
        UserRecord forged = Payloads.user(genuine).orElseThrow().toBuilder()
                .setIdentityKey(ByteString.copyFrom(impostor.identity().publicKey()))
                .setInboxKey(ByteString.copyFrom(impostor.inbox().publicKey()))
                .build();
        return impostor.signer()
                .sign(
                        genuine.key(),
                        RecordTypes.USER,
                        new byte[0],
                        1,
                        RecordTypes.LONG_LIVED.toSeconds(),
                        forged.toByteArray());
    }
}
