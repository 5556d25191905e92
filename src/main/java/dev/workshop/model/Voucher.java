package dev.workshop.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an attendee needs to sign in: their id, and the IAM Identity Center portal, account, role and workshop Region.
 * The file format is shared with {@code workshop login --voucher FILE}: UTF-8, one {@code key = value} a line,
 * {@code #} comments, unknown keys an error; keys id, start_url, sso_region, account, role, region.
 */
public record Voucher(AttendeeId id, String startUrl, String ssoRegion, String account, String role, String region) {
    public static final List<String> KEYS = List.of("id", "start_url", "sso_region", "account", "role", "region");

    // An AWS account id is 12 digits; a Region looks like us-east-1 or ap-southeast-2
    // (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html).
    static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    // Permission set names: 1-32 characters of [\w+=,.@-]
    // (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html).
    static final Pattern ROLE = Pattern.compile("[\\w+=,.@-]{1,32}");
    static final Pattern START_URL = Pattern.compile("https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~/#-]*)?");

    /** Problems with the values shared by every voucher of a roster (empty when all are well formed). */
    public static List<String> problems(String startUrl, String ssoRegion, String account, String role, String region) {
        List<String> out = new ArrayList<>();
        if (startUrl == null || !START_URL.matcher(startUrl).matches()) {
            out.add("--start-url must be the AWS access portal URL, https://d-xxxxxxxxxx.awsapps.com/start (got " + startUrl + ")");
        }
        if (ssoRegion == null || !REGION.matcher(ssoRegion).matches()) out.add("--sso-region must be a Region such as us-east-1 (got " + ssoRegion + ")");
        if (account == null || !ACCOUNT.matcher(account).matches()) out.add("--account must be the 12-digit AWS account id (got " + account + ")");
        if (role == null || !ROLE.matcher(role).matches()) {
            out.add("--role must be the permission set's name: 1 to 32 letters, digits or +=,.@_- (got " + role + ")");
        }
        if (region == null || !REGION.matcher(region).matches()) out.add("--region must be a Region such as us-east-1 (got " + region + ")");
        return out;
    }

    public String format() {
        return "# DynamoDB workshop voucher for " + id + "\n"
                + "id = " + id + "\n"
                + "start_url = " + startUrl + "\n"
                + "sso_region = " + ssoRegion + "\n"
                + "account = " + account + "\n"
                + "role = " + role + "\n"
                + "region = " + region + "\n";
    }

    /** Reads a voucher; every key is required, unknown keys and repeated keys are errors. */
    public static Voucher parse(String text) {
        Map<String, String> v = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("line " + (i + 1) + ": expected key = value");
            String key = line.substring(0, eq).strip();
            if (!KEYS.contains(key)) throw new IllegalArgumentException("line " + (i + 1) + ": unknown key " + key + " (keys: " + String.join(", ", KEYS) + ")");
            if (v.put(key, line.substring(eq + 1).strip()) != null) throw new IllegalArgumentException("line " + (i + 1) + ": " + key + " given twice");
        }
        for (String k : KEYS) if (!v.containsKey(k)) throw new IllegalArgumentException("missing " + k);
        List<String> problems = problems(v.get("start_url"), v.get("sso_region"), v.get("account"), v.get("role"), v.get("region"));
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
        return new Voucher(AttendeeId.of(v.get("id")), v.get("start_url"), v.get("sso_region"), v.get("account"), v.get("role"), v.get("region"));
    }
}
