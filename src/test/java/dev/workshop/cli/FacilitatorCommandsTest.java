package dev.workshop.cli;

import static dev.workshop.TestSupport.admin;
import static dev.workshop.TestSupport.randomTable;
import static dev.workshop.TestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport.Result;
import dev.workshop.access.AttendeePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setup and policy show/simulate: what a facilitator runs before the workshop. */
class FacilitatorCommandsTest {

    @Test
    void committedScriptsAreWhatSetupGenerates(@TempDir Path dir) throws Exception {
        Result r = run("setup", "--files-only", "--write", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        for (String f : new String[] {SetupCommand.POLICY_FILE, SetupCommand.TEMPLATE_FILE}) {
            assertEquals(Files.readString(Path.of("scripts", f)), Files.readString(dir.resolve(f)),
                    "scripts/" + f + " is stale. Run: workshop setup --files-only --write scripts");
        }
    }

    @Test
    void setupCreatesTheSharedTableOnTheLocalTargetAndSaysSoTheSecondTime(@TempDir Path dir) throws Exception {
        String shared = randomTable();
        Result r = run("setup", "--shared-table", shared, "--write", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("Target: local"), r.out());
        assertTrue(r.out().contains("created shared table " + shared), r.out());
        assertTrue(admin().listTables().tableNames().contains(shared));
        assertEquals(AttendeePolicy.json(shared) + "\n", Files.readString(dir.resolve(SetupCommand.POLICY_FILE)));
        String template = Files.readString(dir.resolve(SetupCommand.TEMPLATE_FILE));
        assertTrue(template.contains("\"TableName\": {\n          \"Ref\": \"SharedTableName\""), template);
        assertTrue(template.contains("\"Default\": \"" + shared + "\""), template);
        assertTrue(r.out().contains("Sized for 30 attendees"), r.out());
        Result again = run("setup", "--shared-table", shared);
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("[skip] shared table " + shared + " already exists"), again.out());
        assertTrue(again.out().contains("\"Sid\": \"SharedTableOwnNamespace\""), again.out());
    }

    @Test
    void policyShowPrintsTheDeployedPolicyAndWarnsAboutBrokenVariants() {
        Result r = run("policy", "show", "--shared-table", "my-table");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(AttendeePolicy.json("my-table") + "\n", r.out());
        Result broken = run("policy", "show", "--variant", "no_trailing_hash");
        assertEquals(0, broken.exit(), broken.toString());
        assertEquals(AttendeePolicy.json("ws-shared", AttendeePolicy.Variant.NO_TRAILING_HASH) + "\n", broken.out());
        assertTrue(broken.err().contains("broken on purpose"), broken.err());
    }

    @Test
    void simulateAnActionExitsZeroWhenAllowedAndOneWhenDeniedWithTheReason() {
        Result own = run("policy", "simulate", "--attendee", "alice", "--action", "dynamodb:GetItem", "--resource", "ws-shared",
                "--key", "dynamodb:LeadingKeys=ATT#alice#X");
        assertEquals(0, own.exit(), own.toString());
        assertTrue(own.out().contains("Decision: allowed"), own.out());
        Result sibling = run("policy", "simulate", "--attendee", "a", "--action", "GetItem", "--key", "dynamodb:LeadingKeys=ATT#ab#X");
        assertEquals(1, sibling.exit(), sibling.toString());
        assertTrue(sibling.out().contains("'ATT#ab#X' is not like 'ATT#a#*'"), sibling.out());
        assertTrue(sibling.out().contains("Decision: denied"), sibling.out());
        Result untagged = run("policy", "simulate", "--action", "GetItem", "--key", "dynamodb:LeadingKeys=ATT#alice#X");
        assertEquals(1, untagged.exit(), untagged.toString());
        assertTrue(untagged.out().contains("(no principal tags)"), untagged.out());
        Result scan = run("policy", "simulate", "--attendee", "a", "--action", "Scan", "--variant", "no_null_guard");
        assertEquals(0, scan.exit(), "the broken variant lets a Scan through: " + scan);
    }

    @Test
    void simulateARequestFileAgainstAPolicyFile(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("p.json");
        Files.writeString(policy, AttendeePolicy.json("ws-shared"));
        Path body = dir.resolve("q.json");
        Files.writeString(body, "{\"TableName\":\"ws-shared\",\"IndexName\":\"GSI1\",\"KeyConditionExpression\":\"GSI1PK = :p\","
                + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"ATT#bob#COMPANY#c01#STATUS#OPEN\"}}}");
        Result bob = run("policy", "simulate", "--policy", policy.toString(), "--attendee", "bob", "--request", "Query", "--body", body.toString());
        assertEquals(0, bob.exit(), bob.toString());
        assertTrue(bob.out().contains("ALLOWED  dynamodb:Query on arn:aws:dynamodb:us-east-1:000000000000:table/ws-shared/index/GSI1"), bob.out());
        Result alice = run("policy", "simulate", "--policy", policy.toString(), "--attendee", "alice", "--request", "Query", "--body", body.toString());
        assertEquals(1, alice.exit(), alice.toString());
        assertTrue(alice.out().contains("AWS would answer AccessDeniedException: User: arn:aws:sts::000000000000:assumed-role/WorkshopStudent/alice"
                + " is not authorized to perform: dynamodb:Query"), alice.out());
    }

    /**
     * Issue 13 point 6: a policy naming its region and account (as AWS's published examples do) is judged on ARNs in
     * that region and account. Point 3: condition key names are not case-sensitive, so --key spellings merge
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
     */
    @Test
    void simulateTakesRegionAndAccountAndMergesKeySpellings(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("music.json");
        Files.writeString(policy, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\","
                + "\"Resource\":\"arn:aws:dynamodb:us-west-2:123456789012:table/Music\"}]}");
        Result local = run("policy", "simulate", "--policy", policy.toString(), "--attendee", "a", "--action", "GetItem", "--resource", "Music");
        assertEquals(1, local.exit(), "us-east-1/000000000000 is not the policy's: " + local);
        Result there = run("policy", "simulate", "--policy", policy.toString(), "--attendee", "a", "--action", "GetItem", "--resource", "Music",
                "--region", "us-west-2", "--account", "123456789012");
        assertEquals(0, there.exit(), there.toString());
        assertTrue(there.out().contains("arn:aws:dynamodb:us-west-2:123456789012:table/Music"), there.out());
        assertTrue(there.out().contains("Caller: arn:aws:sts::123456789012:assumed-role/"), there.out());
        Result badAccount = run("policy", "simulate", "--attendee", "a", "--action", "GetItem", "--account", "12345");
        assertEquals(2, badAccount.exit(), badAccount.toString());
        assertTrue(badAccount.err().contains("an AWS account id is 12 digits"), badAccount.err());
        Result badRegion = run("policy", "simulate", "--attendee", "a", "--action", "GetItem", "--region", "Mars");
        assertEquals(2, badRegion.exit(), badRegion.toString());

        Result merged = run("policy", "simulate", "--attendee", "alice", "--action", "GetItem",
                "--key", "dynamodb:LeadingKeys=ATT#bob#1", "--key", "DynamoDB:leadingkeys=ATT#alice#1");
        assertEquals(1, merged.exit(), "bob's key is kept, so the request is denied: " + merged);
        assertTrue(merged.out().contains("ATT#bob#1, ATT#alice#1"), merged.out());
    }

    @Test
    void simulateRejectsBadInputWithExitTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"NumericAbout\":{\"x\":\"1\"}}}]}");
        Result r = run("policy", "simulate", "--policy", bad.toString(), "--action", "GetItem");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("NumericAbout"), r.err());
        Result nothing = run("policy", "simulate", "--attendee", "a");
        assertEquals(2, nothing.exit(), nothing.toString());
        assertTrue(nothing.err().contains("Run: workshop policy simulate"), nothing.err());
        Result both = run("policy", "simulate", "--action", "GetItem", "--request", "GetItem", "--body", bad.toString());
        assertEquals(2, both.exit(), both.toString());
    }

    @Test
    void helpForTheNewCommands() {
        for (String[] cmd : new String[][] {{"setup", "--help"}, {"policy", "--help"}, {"policy", "simulate", "--help"}, {"policy", "show", "--help"}}) {
            Result r = run(cmd);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("Usage: workshop " + cmd[0]), r.out());
        }
        assertTrue(run("policy", "simulate", "--help").out().contains("Exit code: 0 allowed, 1 denied, 2 invalid input."));
    }
}
