package dev.workshop.labs.hot;

import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of a write-sharded key: {@code base#first} .. {@code base#(first+count-1)}. The writer picks a
 * shard with {@link #keyFor} and the reader scatters over {@link #keys()}, so the two cannot disagree (AWS's own
 * lab once wrote shards 1..10 and read 0..9, and silently lost a tenth of the data).
 */
public record ShardRange(String base, int first, int count) {
    public ShardRange {
        if (count < 1) throw new IllegalArgumentException("a shard range needs at least one shard");
    }

    /** The shard for an item: a calculated suffix (from the item's own id), so a reader could also find one item directly. */
    public String keyFor(int itemId) {
        return base + "#" + (first + Math.floorMod(itemId, count));
    }

    public List<String> keys() {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) keys.add(base + "#" + (first + i));
        return keys;
    }

    @Override
    public String toString() {
        return base + "#" + first + " .. " + base + "#" + (first + count - 1);
    }
}
