package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ~ is $HOME, as for the AWS CLI and the SDKs (HOME=$(mktemp -d) aws configure list-profiles reads that ~/.aws). */
class EnvTest {
    @Test
    void homeComesFromTheHomeVariableBeforeTheAccountDatabase() {
        assertEquals(Path.of("/tmp/fresh"), Env.userHome(Map.of("HOME", "/tmp/fresh"), "/root"));
        assertEquals(Path.of("/root"), Env.userHome(Map.of(), "/root"));
        assertEquals(Path.of("/root"), Env.userHome(Map.of("HOME", " "), "/root"));
    }
}
