package dev.workshop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The seeds' router: Basic and Premium pooled behind a key prefix, Platinum in a table of its own. */
class TableRouterTest {
    private final TableRouter router = new TableRouter("ws-shared");
    private final AttendeeId alice = AttendeeId.of("alice");

    @Test
    void basicAndPremiumArePooledInTheSharedTableBehindTheNamespacePrefix() {
        for (TableRouter.Tier tier : new TableRouter.Tier[] {TableRouter.Tier.BASIC, TableRouter.Tier.PREMIUM}) {
            TableRouter.Route r = router.route(alice, tier);
            assertEquals(TableRouter.Model.POOLED, r.model());
            assertTrue(r.pooled());
            assertEquals("ws-shared", r.table());
            assertEquals("ATT#alice#COMPANY#c01", r.key("COMPANY#c01"));
        }
    }

    @Test
    void platinumGetsThePersonalTableAndNoPrefix() {
        TableRouter.Route r = router.route(alice, TableRouter.Tier.PLATINUM);
        assertEquals(TableRouter.Model.SILO, r.model());
        assertEquals("ws-att-alice", r.table());
        assertEquals("COMPANY#c01", r.key("COMPANY#c01"));
    }

    @Test
    void prefixSiblingsNeverShareAPooledKey() {
        String a = router.route(AttendeeId.of("a"), TableRouter.Tier.BASIC).key("COMPANY#c01");
        String ab = router.route(AttendeeId.of("ab"), TableRouter.Tier.BASIC).key("COMPANY#c01");
        assertNotEquals(a, ab);
        assertTrue(!ab.startsWith(AttendeeId.of("a").prefix()), "ab's keys are outside a's namespace: " + ab);
    }

    @Test
    void tiersParseAsTheSampleDataSpellsThem() {
        for (String t : SampleData.TIERS) assertEquals(t, TableRouter.Tier.parse(t).displayName());
        assertEquals(TableRouter.Tier.PLATINUM, TableRouter.Tier.parse(" platinum "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableRouter.Tier.parse("Gold"));
        assertTrue(e.getMessage().contains("Basic, Premium and Platinum"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TableRouter(" "));
    }

    @Test
    void theSampleCompaniesRouteByTheirTier() {
        SampleData data = SampleData.generate(alice);
        assertEquals(TableRouter.Model.POOLED, TableRouter.modelFor(TableRouter.Tier.parse(data.companies().get(0).tier())));
        assertEquals(TableRouter.Model.POOLED, TableRouter.modelFor(TableRouter.Tier.parse(data.companies().get(1).tier())));
        assertEquals(TableRouter.Model.SILO, TableRouter.modelFor(TableRouter.Tier.parse(data.companies().get(2).tier())));
    }
}
