package dev.workshop.labs;

import dev.workshop.capacity.Units;
import dev.workshop.model.SiloDesign;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * What an index costs by DynamoDB's documented rules, for targets that do not report index capacity and to show
 * the arithmetic next to what was reported. The lab prefers reported numbers whenever the target returns them.
 *
 * <ul>
 *   <li>Item size: attribute names plus values, per type
 *       (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).</li>
 *   <li>An index entry holds the index keys, the table keys and the projected attributes; a write to the index is
 *       charged on that entry's size, rounded up to 1 KB per unit. Storage adds 100 bytes of overhead per entry
 *       (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html, "Provisioned throughput
 *       considerations" and "Storage considerations for global secondary indexes").</li>
 *   <li>A write touches an index only when the item carries both index keys (sparse indexes) and the write changes
 *       a key or a projected attribute; changing an index key costs two index writes (delete the old entry, put the new).</li>
 * </ul>
 */
public final class IndexCosts {
    /** Per-entry storage overhead DynamoDB adds for indexing (documented, see the class comment). */
    public static final int INDEX_ENTRY_OVERHEAD_BYTES = 100;
    static final Set<String> TABLE_KEYS = Set.of(dev.workshop.model.Tables.PK, dev.workshop.model.Tables.SK);

    private IndexCosts() {}

    public static long itemBytes(Map<String, AttributeValue> item) {
        long n = 0;
        for (var e : item.entrySet()) n += utf8(e.getKey()) + valueBytes(e.getValue());
        return n;
    }

    static long valueBytes(AttributeValue v) {
        if (v.s() != null) return utf8(v.s());
        if (v.n() != null) return numberBytes(v.n());
        if (v.b() != null) return v.b().asByteArray().length;
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
        if (v.hasSs()) return v.ss().stream().mapToLong(IndexCosts::utf8).sum();
        if (v.hasNs()) return v.ns().stream().mapToLong(IndexCosts::numberBytes).sum();
        if (v.hasBs()) return v.bs().stream().map(SdkBytes::asByteArray).mapToLong(b -> b.length).sum();
        if (v.hasL()) return 3 + v.l().stream().mapToLong(x -> 1 + valueBytes(x)).sum();
        if (v.hasM()) return 3 + v.m().entrySet().stream().mapToLong(x -> 1 + utf8(x.getKey()) + valueBytes(x.getValue())).sum();
        return 0;
    }

    /** About one byte per two significant digits, plus one. */
    static long numberBytes(String n) {
        String digits = new BigDecimal(n).stripTrailingZeros().unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The index entry an item becomes, or null when the item lacks the index keys (it is not in the index). */
    public static Map<String, AttributeValue> entry(Map<String, AttributeValue> item, SiloDesign.Index index) {
        if (!item.containsKey(index.pk()) || !item.containsKey(index.sk())) return null;
        Map<String, AttributeValue> e = new LinkedHashMap<>();
        for (var a : item.entrySet()) {
            String k = a.getKey();
            boolean keep = TABLE_KEYS.contains(k) || k.equals(index.pk()) || k.equals(index.sk())
                    || index.projection() == ProjectionType.ALL
                    || (index.projection() == ProjectionType.INCLUDE && index.nonKeyAttributes().contains(k));
            if (keep) e.put(k, a.getValue());
        }
        return e;
    }

    /** Bytes the entry occupies in the index's storage, overhead included; 0 when the item is not in the index. */
    public static long storageBytes(Map<String, AttributeValue> item, SiloDesign.Index index) {
        Map<String, AttributeValue> e = entry(item, index);
        return e == null ? 0 : itemBytes(e) + INDEX_ENTRY_OVERHEAD_BYTES;
    }

    /** Write units a put of a new item costs in the table. */
    public static double tableWriteUnits(Map<String, AttributeValue> item) {
        return Units.writeUnits(itemBytes(item), false);
    }

    /** Write units a put of a new item costs in the index (0 when the item is not in the index). */
    public static double putUnits(Map<String, AttributeValue> item, SiloDesign.Index index) {
        Map<String, AttributeValue> e = entry(item, index);
        return e == null ? 0 : Units.writeUnits(itemBytes(e), false);
    }

    /**
     * Write units an update from {@code before} to {@code after} costs in the index: nothing when neither the keys nor
     * a projected attribute changed, two writes when an index key changed, one otherwise.
     */
    public static double updateUnits(Map<String, AttributeValue> before, Map<String, AttributeValue> after, SiloDesign.Index index) {
        Map<String, AttributeValue> old = entry(before, index);
        Map<String, AttributeValue> now = entry(after, index);
        if (old == null && now == null) return 0;
        if (old == null) return Units.writeUnits(itemBytes(now), false);
        if (now == null) return Units.writeUnits(itemBytes(old), false);
        if (old.equals(now)) return 0;
        boolean keyChanged = !old.get(index.pk()).equals(now.get(index.pk())) || !old.get(index.sk()).equals(now.get(index.sk()));
        if (keyChanged) return Units.writeUnits(itemBytes(old), false) + Units.writeUnits(itemBytes(now), false);
        return Units.writeUnits(itemBytes(now), false);
    }

    /** Whether a query that needs these attributes can be answered from the index alone, without fetching the items. */
    public static boolean covers(SiloDesign.Index index, Set<String> needed) {
        if (index.projection() == ProjectionType.ALL) return true;
        for (String a : needed) {
            boolean key = TABLE_KEYS.contains(a) || a.equals(index.pk()) || a.equals(index.sk());
            if (!key && !(index.projection() == ProjectionType.INCLUDE && index.nonKeyAttributes().contains(a))) return false;
        }
        return true;
    }
}
