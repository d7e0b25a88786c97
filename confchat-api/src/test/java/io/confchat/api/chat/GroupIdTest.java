package io.confchat.api.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GroupIdTest {

    @Test
    void parse_shouldReadWhatToStringWrites() {
        byte[] bytes = new byte[GroupId.BYTES];
        Arrays.fill(bytes, (byte) 0xab);
        GroupId id = GroupId.of(bytes);
        assertEquals("ab".repeat(32), id.toString());
        assertEquals(id, GroupId.parse(id.toString()));
        assertArrayEquals(bytes, id.toBytes());
    }

    @Test
    void of_shouldCopyItsInput() {
        byte[] bytes = new byte[GroupId.BYTES];
        GroupId id = GroupId.of(bytes);
        bytes[0] = 1;
        assertNotEquals(GroupId.of(bytes), id);
        id.toBytes()[0] = 2;
        assertEquals(0, id.toBytes()[0]);
    }

    @Test
    void of_shouldRefuseWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> GroupId.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> GroupId.parse("ab"));
        assertThrows(IllegalArgumentException.class, () -> GroupId.parse("zz".repeat(32)));
    }

    @Test
    void groupInfo_shouldTellMembersAndAdmins() {
        GroupInfo info = new GroupInfo(
                GroupId.of(new byte[32]),
                "team",
                2,
                java.util.List.of(new GroupMember("alice", true), new GroupMember("bob", false)),
                true);
        assertEquals(true, info.isAdmin("alice"));
        assertEquals(false, info.isAdmin("bob"));
        assertEquals(true, info.isMember("bob"));
        assertEquals(false, info.isMember("carol"));
    }
}
