package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.TestSupport.Result;
import dev.workshop.target.aws.Voucher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** workshop vouchers: one voucher per attendee in the shared format, one printable sheet, and nothing on bad input. */
class VouchersCommandTest {
    static final String URL = "https://d-1234567890.awsapps.com/start";

    private static Result vouchers(Path roster, Path out, String... extra) {
        return withAccount("123456789012", roster, out, extra);
    }

    private static Result withAccount(String account, Path roster, Path out, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("vouchers", "--ids-file", roster.toString(),
                "--start-url", URL, "--sso-region", "us-east-1", "--account", account, "--role", "WorkshopAttendee",
                "--out", out.toString()));
        args.addAll(java.util.List.of(extra));
        return TestSupport.run(args.toArray(String[]::new));
    }

    @Test
    void writesOneVoucherPerAttendeeInTheSharedFormatAndOneSheet(@TempDir Path dir) throws Exception {
        Path roster = dir.resolve("roster.txt");
        Files.writeString(roster, "# room 1\nalice\n\nbob-2\n");
        Path out = dir.resolve("v");
        Result r = vouchers(roster, out, "--region", "eu-west-1");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("""
                # DynamoDB workshop voucher for alice
                id = alice
                start_url = https://d-1234567890.awsapps.com/start
                sso_region = us-east-1
                account = 123456789012
                role = WorkshopAttendee
                region = eu-west-1
                """, Files.readString(out.resolve("alice.voucher")));
        // what workshop login --voucher reads
        Voucher bob = Voucher.read(out.resolve("bob-2.voucher")).validate();
        assertEquals("bob-2", bob.id());
        assertEquals("eu-west-1", bob.region());
        String sheet = Files.readString(out.resolve(VouchersCommand.SHEET));
        assertTrue(sheet.contains("Attendee id   alice") && sheet.contains("Attendee id   bob-2"), sheet);
        assertTrue(sheet.contains("workshop login --voucher bob-2.voucher"), sheet);
        try (var files = Files.list(out)) {
            assertEquals(3, files.count(), "two vouchers and the sheet, no temporary files");
        }
        assertTrue(r.out().contains("wrote 2 voucher(s)"), r.out());
        // --region defaults to the SSO Region
        Result again = vouchers(roster, out);
        assertEquals(0, again.exit(), again.toString());
        assertTrue(Files.readString(out.resolve("alice.voucher")).contains("region = us-east-1\n"));
    }

    @Test
    void aBadOrRepeatedIdOrAMalformedValueWritesNothing(@TempDir Path dir) throws Exception {
        Path roster = dir.resolve("roster.txt");
        Files.writeString(roster, "alice\nBob\nalice\ncarol\n");
        Path out = dir.resolve("v");
        Result r = withAccount("12345", roster, out);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("roster.txt:2 'Bob' is not an attendee id"), r.err());
        assertTrue(r.err().contains("roster.txt:3 'alice' repeats line 1"), r.err());
        assertTrue(r.err().contains("--account must be the 12-digit AWS account id (got 12345)"), r.err());
        assertTrue(r.err().contains("Nothing was written"), r.err());
        assertFalse(Files.exists(out), "no directory, no voucher");
        Result empty = vouchers(Files.writeString(dir.resolve("empty.txt"), "# nobody\n"), out);
        assertEquals(2, empty.exit(), empty.toString());
        assertTrue(empty.err().contains("lists no attendee"), empty.err());
    }

    @Test
    void theFormatRefusesUnknownKeysAndRepeatedOnesAndAFacilitatorsVoucherHasEveryValue(@TempDir Path dir) throws Exception {
        String good = new Voucher("zed", URL, "us-east-1", "123456789012", "WorkshopAttendee", "us-east-1").text();
        assertEquals("zed", Voucher.read(Files.writeString(dir.resolve("good"), good)).id());
        assertThrows(dev.workshop.WorkshopException.class, () -> Voucher.read(Files.writeString(dir.resolve("unknown"), good + "profile = x\n")));
        assertThrows(dev.workshop.WorkshopException.class, () -> Voucher.read(Files.writeString(dir.resolve("twice"), good + "id = zed\n")));
        Voucher noAccount = Voucher.read(Files.writeString(dir.resolve("partial"), good.replace("account = 123456789012\n", "")));
        assertEquals(List.of("--account must be the 12-digit AWS account id (got null)"),
                Voucher.problems(noAccount.startUrl(), noAccount.ssoRegion(), noAccount.account(), noAccount.role(), noAccount.region(), true));
    }
}
