package io.confchat.chat.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.dht.crypto.Ed25519KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The project's Ed25519 verifier (confchat-dht, which signs every record) against Wycheproof: the
 * chat layer trusts it for identity keys, so it is checked here with the other vectors.
 */
class Ed25519WycheproofTest {
    /** ed25519_test.json, all 151 cases: 88 valid accepted, 63 invalid refused (none "acceptable"). */
    @Test
    void verify_shouldMatchWycheproofVectors() {
        Map<String, Object> file = TestJson.resource("/vectors/wycheproof/ed25519_test.json");
        int accepted = 0, refused = 0;
        for (Map<String, Object> group : TestJson.objects(file.get("testGroups"))) {
            byte[] publicKey = TestJson.hex(TestJson.object(group.get("publicKey")), "pk");
            for (Map<String, Object> t : TestJson.objects(group.get("tests"))) {
                String id = "tcId " + t.get("tcId") + " " + t.get("flags");
                boolean verified = Ed25519KeyPair.verify(publicKey, TestJson.hex(t, "msg"), TestJson.hex(t, "sig"));
                if ("valid".equals(t.get("result"))) {
                    assertThat(verified).as(id).isTrue();
                    accepted++;
                } else {
                    assertThat(verified).as(id).isFalse();
                    refused++;
                }
            }
        }
        assertThat(new int[] {accepted, refused}).containsExactly(88, 63);
    }
}
