package dev.workshop.model;

import java.util.Locale;

/**
 * Picks where a tenant's data lives, after the seeds' router design (a DynamoDBRouterService resolving a tenant to a
 * table): Basic and Premium tenants share the pooled table and are told apart by a key prefix; Platinum tenants get
 * a table of their own (silo) and need no prefix, because the table is the tenant boundary.
 *
 * <p>In the workshop the tenant is the attendee: pooled means the {@code ATT#<id>#} namespace of the shared table,
 * silo means the personal table {@code ws-att-<id>}. Code that runs an access pattern asks the router for a
 * {@link Route} and builds every partition key with {@link Route#key}, so the same code serves both models.
 */
public final class TableRouter {
    public enum Tier {
        BASIC, PREMIUM, PLATINUM;

        /** "Basic", "premium", "PLATINUM": the tier names the sample data and the seeds use. */
        public static Tier parse(String name) {
            if (name != null) {
                for (Tier t : values()) if (t.name().equals(name.trim().toUpperCase(Locale.ROOT))) return t;
            }
            throw new IllegalArgumentException("Unknown tenant tier '" + name + "': the tiers are Basic, Premium and Platinum.");
        }

        public String displayName() {
            return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
        }
    }

    public enum Model { POOLED, SILO }

    /** Where one tenant's items go, and how its partition keys are spelled there. */
    public record Route(Tier tier, Model model, String table, String keyPrefix) {
        /** The physical partition key for a logical one, e.g. "COMPANY#c01" becomes "ATT#alice#COMPANY#c01" in the pool. */
        public String key(String logicalKey) {
            return keyPrefix + logicalKey;
        }

        public boolean pooled() {
            return model == Model.POOLED;
        }
    }

    private final String sharedTable;

    public TableRouter(String sharedTable) {
        if (sharedTable == null || sharedTable.isBlank()) throw new IllegalArgumentException("the router needs the pooled table's name");
        this.sharedTable = sharedTable;
    }

    public static Model modelFor(Tier tier) {
        return tier == Tier.PLATINUM ? Model.SILO : Model.POOLED;
    }

    public Route route(AttendeeId tenant, Tier tier) {
        return modelFor(tier) == Model.SILO
                ? new Route(tier, Model.SILO, tenant.personalTable(), "")
                : new Route(tier, Model.POOLED, sharedTable, tenant.prefix());
    }

    public String sharedTable() {
        return sharedTable;
    }
}
