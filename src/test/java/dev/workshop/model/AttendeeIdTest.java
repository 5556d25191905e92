package dev.workshop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttendeeIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "ab", "a-b", "alice", "bob42", "0", "a1-b2-c3", "abcdefghijklmnopqrstuvwxyz012345"})
    void acceptsTheRule(String id) {
        AttendeeId a = AttendeeId.of(id);
        assertEquals("ATT#" + id + "#", a.prefix());
        assertEquals("ws-att-" + id, a.personalTable());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "Alice", "a#b", "-a", "a-", "abcdefghijklmnopqrstuvwxyz0123456", "../x", "a b",
            "é", "a_b", "a.b", "a\nb", "ATT#a#", "a#", " a", "a\u0000"})
    void rejectsEverythingElse(String id) {
        assertFalse(AttendeeId.isValid(id));
        var e = assertThrows(AttendeeId.InvalidAttendeeIdException.class, () -> AttendeeId.of(id));
        assertTrue(e.getMessage().contains("lower-case letters, digits and inner hyphens"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "ab", "a-b"})
    void prefixesOfOneAnotherNeverMatchEachOthersNamespace(String id) {
        for (String other : new String[] {"a", "ab", "a-b"}) {
            if (other.equals(id)) continue;
            assertFalse(AttendeeId.of(other).prefix().startsWith(AttendeeId.of(id).prefix()),
                    other + "'s keys must not fall in " + id + "'s namespace");
        }
    }

    @org.junit.jupiter.api.Test
    void nullIsRejectedWithTheRule() {
        var e = assertThrows(AttendeeId.InvalidAttendeeIdException.class, () -> AttendeeId.of(null));
        assertTrue(e.getMessage().contains("(none)"));
    }
}
