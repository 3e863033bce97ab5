package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other real-stack IT (its own failsafe execution in post-integration-test, see ivr-core's pom):
 * reads the ITs' output files ({@code target/failsafe-reports/*-output.txt}: the engine's and the test harness's
 * log lines) and fails listing {@code file:line} of each customer's phone number found unmasked.
 */
class PiiLogScanIT {
    private static final Path REPORTS = Path.of("target/failsafe-reports");

    @Test
    void realStackLogsHoldNoCustomersPhoneNumber() throws IOException {
        List<Path> outputs;
        try (Stream<Path> files = Files.list(REPORTS)) {
            outputs = files.filter(p -> p.getFileName().toString().endsWith("-output.txt")).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            outputs = List.of();
        }
        assumeTrue(!outputs.isEmpty(), "no IT output in " + REPORTS + " to scan");
        Set<String> numbers = PiiLogScanner.numbersUsedIn(List.of(Path.of("src/test/java/ascc/core/it"),
                Path.of("src/test/resources/it-conf"), Path.of("src/test/resources/sipp"),
                Path.of("../test-support/src/main/resources/sipp")));
        assertTrue(numbers.size() > 10, "too few customers' numbers found in the IT sources: " + numbers.size());
        PiiLogScanner scanner = new PiiLogScanner(numbers);
        List<String> leaks = new ArrayList<>();
        for (Path out : outputs) {
            leaks.addAll(scanner.scan(out));
        }
        System.out.println("PII log scan: " + outputs.size() + " IT output files, " + numbers.size()
                + " customers' numbers looked for, " + leaks.size() + " leaking lines");
        assertTrue(leaks.isEmpty(), () -> leaks.size() + " log lines show a customer's phone number unmasked:\n"
                + String.join("\n", leaks.subList(0, Math.min(200, leaks.size()))));
    }
}
