package dev.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 point 12: the arrows between packages point one way. Labs see the target and what it offers (a denial's
 * explanation, the metrics source), never the local gateway's classes; the metrics package asks the local target for
 * its source instead of digging through the gateway's filters. Checked on the sources, as written.
 */
class LayeringTest {
    private static List<String> offenders(String pkg, String forbidden) throws IOException {
        Path dir = Path.of("src/main/java/dev/workshop", pkg);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return Files.readString(f).contains(forbidden);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
    }

    @Test
    void labsNeverReachIntoTheGateway() throws IOException {
        assertEquals(List.of(), offenders("labs", "dev.workshop.gateway"));
        assertEquals(List.of(), offenders("cli", "dev.workshop.gateway"));
    }

    @Test
    void metricsAskTheTargetNotTheGatewaysFilters() throws IOException {
        assertEquals(List.of(), offenders("metrics", "CapacityFilter"));
        assertEquals(List.of(), offenders("metrics", ".filters()"));
    }
}
