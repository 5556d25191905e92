package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.aws.Voucher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Facilitator: one voucher file per attendee of a roster, and one printable sheet with all of them. */
@Command(name = "vouchers", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Facilitator: write one voucher per attendee (DIR/<id>.voucher, read by 'workshop login --voucher FILE') "
                + "and one printable sheet (DIR/" + VouchersCommand.SHEET + ").",
                "The whole roster is checked first: a bad or repeated id, or a malformed value, writes nothing."},
        footer = {"", "Examples:",
                "  workshop vouchers --ids-file roster.txt --start-url https://d-1234567890.awsapps.com/start \\",
                "      --sso-region us-east-1 --account 123456789012 --role WorkshopAttendee --region eu-west-1 --out vouchers/"})
final class VouchersCommand extends BaseCommand {
    static final String SHEET = "vouchers-sheet.txt";

    @Option(names = "--ids-file", required = true, paramLabel = "FILE", description = "The roster: one attendee id per line ('#' starts a comment).")
    Path idsFile;

    @Option(names = "--start-url", required = true, paramLabel = "URL", description = "The AWS access portal URL of IAM Identity Center.")
    String startUrl;

    @Option(names = "--sso-region", required = true, paramLabel = "REGION", description = "The Region of IAM Identity Center.")
    String ssoRegion;

    @Option(names = "--account", required = true, paramLabel = "ID", description = "The workshop's 12-digit AWS account id.")
    String account;

    @Option(names = "--role", required = true, paramLabel = "NAME", description = "The attendees' permission set (the role name).")
    String role;

    @Option(names = "--region", paramLabel = "REGION", description = "The workshop's Region, where the shared table is (default: the --sso-region).")
    String region;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the vouchers and the sheet (created if missing).")
    Path out;

    @Override
    public Integer call() {
        String workshopRegion = region == null ? ssoRegion : region;
        List<String> problems = new ArrayList<>(Voucher.problems(startUrl, ssoRegion, account, role, workshopRegion, true));
        List<AttendeeId> roster = roster(problems);
        if (!problems.isEmpty()) {
            throw WorkshopException.usage("Nothing was written: " + String.join("; ", problems) + ".",
                    "fix the roster or the options, then run the same command again");
        }
        Console console = console();
        List<Voucher> vouchers = roster.stream().map(id -> new Voucher(id.value(), startUrl, ssoRegion, account, role, workshopRegion)).toList();
        try {
            Files.createDirectories(out);
            for (Voucher v : vouchers) write(out.resolve(v.id() + ".voucher"), v.text());
            write(out.resolve(SHEET), sheet(vouchers));
        } catch (IOException e) {
            throw WorkshopException.usage("Cannot write into " + out + ": " + e.getMessage(), "workshop vouchers ... --out <a writable directory>");
        }
        console.ok("wrote " + vouchers.size() + " voucher(s) to " + out + " (<id>.voucher) and the printable sheet " + out.resolve(SHEET));
        console.say("Each attendee signs in with: workshop login --voucher <id>.voucher");
        return ExitCode.OK;
    }

    /** The roster's ids in order; bad and repeated ids are added to problems with their line numbers. */
    private List<AttendeeId> roster(List<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(idsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add("cannot read the roster " + idsFile + " (" + e.getMessage() + ")");
            return List.of();
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<AttendeeId> ids = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = idsFile.getFileName() + ":" + (i + 1);
            if (!AttendeeId.isValid(line)) {
                problems.add(where + " '" + line + "' is not an attendee id (" + AttendeeId.RULE + ")");
                continue;
            }
            Integer first = seen.putIfAbsent(line, i + 1);
            if (first != null) {
                problems.add(where + " '" + line + "' repeats line " + first + " (two attendees cannot share an id)");
                continue;
            }
            ids.add(AttendeeId.of(line));
        }
        if (ids.isEmpty() && problems.isEmpty()) problems.add("the roster " + idsFile + " lists no attendee");
        return ids;
    }

    /** One block per attendee, separated by a cut line: print it, cut it, hand it out. */
    static String sheet(List<Voucher> vouchers) {
        StringBuilder b = new StringBuilder();
        for (Voucher v : vouchers) {
            b.append("-".repeat(72)).append(" cut here\n\n");
            b.append("DynamoDB workshop: your voucher\n\n");
            b.append("  Attendee id   ").append(v.id()).append('\n');
            b.append("  Sign-in URL   ").append(v.startUrl()).append('\n');
            b.append("  SSO Region    ").append(v.ssoRegion()).append('\n');
            b.append("  Account       ").append(v.account()).append('\n');
            b.append("  Role          ").append(v.role()).append('\n');
            b.append("  Region        ").append(v.region()).append("\n\n");
            b.append("  In your Codespace or terminal:\n");
            b.append("    workshop login --voucher ").append(v.id()).append(".voucher\n");
            b.append("    workshop bootstrap --id ").append(v.id()).append("\n\n");
        }
        return b.append("-".repeat(72)).append('\n').toString();
    }

    /** Written beside and moved into place, so an interrupted run never leaves half a voucher. */
    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
