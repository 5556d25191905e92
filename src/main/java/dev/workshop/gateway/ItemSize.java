package dev.workshop.gateway;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The size of a DynamoDB item from its wire JSON ({"Name": {"S": "..."}, ...}), by DynamoDB's published rules
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * <ul>
 *   <li>every attribute: the UTF-8 bytes of its name plus the size of its value;</li>
 *   <li>String: UTF-8 bytes; Binary: raw bytes (after base64 decoding); Null and Boolean: 1 byte;</li>
 *   <li>Number: 1 byte per two significant digits (leading and trailing zeros trimmed) plus 1 byte;</li>
 *   <li>List and Map: 3 bytes of overhead plus each element's size plus 1 byte per element;</li>
 *   <li>Sets: the sum of their elements' sizes.</li>
 * </ul>
 */
public final class ItemSize {
    private ItemSize() {}

    /** Size of an item given as the JSON object of attribute name to typed value; 0 for null or empty. */
    public static long of(JsonNode item) {
        if (item == null || !item.isObject()) return 0;
        long size = 0;
        for (Map.Entry<String, JsonNode> e : item.asObject().entrySet()) {
            size += utf8(e.getKey()) + value(e.getValue());
        }
        return size;
    }

    /** Size of one typed value, e.g. {"S": "abc"} is 3. */
    public static long value(JsonNode typed) {
        if (typed == null || !typed.isObject()) return 0;
        long size = 0;
        for (Map.Entry<String, JsonNode> e : typed.asObject().entrySet()) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "S" -> size += utf8(v.asString());
                case "N" -> size += number(v.asString());
                case "B" -> size += binary(v.asString());
                case "BOOL", "NULL" -> size += 1;
                case "SS" -> size += v.asArray().stream().mapToLong(x -> utf8(x.asString())).sum();
                case "NS" -> size += v.asArray().stream().mapToLong(x -> number(x.asString())).sum();
                case "BS" -> size += v.asArray().stream().mapToLong(x -> binary(x.asString())).sum();
                case "L" -> {
                    List<JsonNode> list = v.asArray();
                    size += 3 + list.size();
                    for (JsonNode x : list) size += value(x);
                }
                case "M" -> {
                    Map<String, JsonNode> map = v.asObject();
                    size += 3 + map.size();
                    for (Map.Entry<String, JsonNode> x : map.entrySet()) size += utf8(x.getKey()) + value(x.getValue());
                }
                default -> {
                    // not an attribute value type; nothing to count
                }
            }
        }
        return size;
    }

    static long utf8(String s) {
        // Counting without allocating: the gateway sizes every item of every write.
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    static long number(String n) {
        String digits;
        try {
            digits = new BigDecimal(n).unscaledValue().abs().toString();
        } catch (NumberFormatException e) {
            digits = n.replaceAll("[^0-9]", "");
        }
        digits = digits.replaceAll("^0+", "").replaceAll("0+$", "");
        int significant = Math.max(1, digits.length());
        return (significant + 1) / 2 + 1;
    }

    static long binary(String base64) {
        try {
            return Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII)).length;
        } catch (IllegalArgumentException e) {
            return base64.length() * 3L / 4;
        }
    }
}
