package dev.workshop.labs;

import dev.workshop.console.Console;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.SampleData;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a lab step works with: the attendee, the target's metered clients acting as that attendee, the shared table,
 * the attendee's sample data (to compute expected answers), and a scratch map for passing state between steps.
 */
public final class LabContext {
    private final Target target;
    private final AttendeeId id;
    private final String sharedTable;
    private final Console console;
    private final Clock clock;
    private final Meter meter = new Meter();
    private final DynamoDbClient dynamo;
    private final DynamoDbAsyncClient dynamoAsync;
    private final SampleData data;
    private final Map<String, Object> state = new HashMap<>();

    /** @param target null for a lab run that talks to no DynamoDB ({@link Lab#needsTarget()}): it has no clients */
    public LabContext(Target target, AttendeeId id, String sharedTable, Console console, Clock clock) {
        this.target = target;
        this.id = id;
        this.sharedTable = sharedTable;
        this.console = console;
        this.clock = clock;
        this.dynamo = target == null ? null : target.dynamo(Principal.attendee(id), meter);
        this.dynamoAsync = target == null ? null : target.dynamoAsync(Principal.attendee(id), meter);
        this.data = SampleData.generate(id);
    }

    public Target target() {
        return target;
    }

    public AttendeeId id() {
        return id;
    }

    public String sharedTable() {
        return sharedTable;
    }

    public String personalTable() {
        return id.personalTable();
    }

    /** Progress and live lines go to the console's stderr; results belong in the StepResult. */
    public Console console() {
        return console;
    }

    public Clock clock() {
        return clock;
    }

    public Meter meter() {
        return meter;
    }

    /** Acting as the attendee, metered. */
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public DynamoDbAsyncClient dynamoAsync() {
        return dynamoAsync;
    }

    public SampleData data() {
        return data;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) state.get(key);
    }

    public void put(String key, Object value) {
        state.put(key, value);
    }
}
