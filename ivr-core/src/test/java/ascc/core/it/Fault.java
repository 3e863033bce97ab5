package ascc.core.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault suite's knobs and its results file. The {@code Fault*IT} classes run their quick versions in the README's test
 * command; {@code ivr-core/bin/fault-suite} runs the same classes with the long parameters, given as system properties
 * {@code -Dascc.fault.<name>=N} or environment variables {@code ASCC_FAULT_<NAME>=N} (e.g. {@code ascc.fault.ami-cuts},
 * {@code ASCC_FAULT_AMI_CUTS}). Each test appends one row per fault to {@code target/fault-results/<fault>.md} (or the
 * directory {@code ascc.fault.results}) before it asserts, so a run that fails still leaves its figures.
 */
final class Fault {
    /** The columns of every fault's row (the table: load, faults injected, calls, records, lost, doubled, recovery). */
    static final String HEADER = "| fault | load | faults injected | calls | records | lost | doubled | recovery | checks | holds |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n";
    private static final Pattern GAUGE = Pattern.compile("(?m)^(\\w+)(?:\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$");

    private Fault() {
    }

    /** A whole-number knob: system property {@code ascc.fault.<name>}, else env {@code ASCC_FAULT_<NAME>}, else {@code quick}. */
    static int param(String name, int quick) {
        String v = System.getProperty("ascc.fault." + name);
        if (v == null || v.isBlank()) {
            v = System.getenv("ASCC_FAULT_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        if (v == null || v.isBlank()) {
            return quick;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault suite parameter " + name + " must be a whole number, got '" + v + "'", e);
        }
    }

    /** A decimal knob, as {@link #param(String, int)}. */
    static double decimal(String name, double quick) {
        String v = System.getProperty("ascc.fault." + name);
        if (v == null || v.isBlank()) {
            v = System.getenv("ASCC_FAULT_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return v == null || v.isBlank() ? quick : Double.parseDouble(v.trim());
    }

    static Path resultsDir() {
        String dir = System.getProperty("ascc.fault.results", System.getenv().getOrDefault("ASCC_FAULT_RESULTS", ""));
        return dir.isBlank() ? Path.of("target/fault-results") : Path.of(dir);
    }

    /** One row of the figures table. */
    record Row(String fault, String load, String injected, long calls, long records, long lost, long doubled, String recovery,
               String checks, boolean holds) {
        String markdown() {
            return "| " + String.join(" | ", fault, load, injected, Long.toString(calls), Long.toString(records), Long.toString(lost),
                    Long.toString(doubled), recovery, checks, holds ? "yes" : "**no**") + " |\n";
        }
    }

    /** Appends {@code row} to {@code <results>/<file>.md} (header written first when the file is new) and prints it. */
    static void report(String file, Row row) {
        try {
            Path dir = Files.createDirectories(resultsDir());
            Path out = dir.resolve(file + ".md");
            if (!Files.exists(out)) {
                Files.writeString(out, HEADER, StandardCharsets.UTF_8);
            }
            Files.writeString(out, row.markdown(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            progress("FAULT RESULT " + file + ": " + row.markdown().trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fault results of " + file, e);
        }
    }

    /**
     * A progress line: printed (the IT's output file) and appended to {@code <results>/progress.log}, which
     * {@code bin/fault-suite} follows while the ITs' output goes to files.
     */
    static void progress(String line) {
        System.out.println(line);
        try {
            Path dir = Files.createDirectories(resultsDir());
            Files.writeString(dir.resolve("progress.log"), Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fault suite's progress", e);
        }
    }

    /** The value of an un-labelled or labelled gauge/counter in Prometheus text (summed over labels), or NaN. */
    static double metric(String prometheus, String name) {
        Matcher m = GAUGE.matcher(prometheus);
        double sum = Double.NaN;
        while (m.find()) {
            if (m.group(1).equals(name)) {
                double v = Double.parseDouble(m.group(2));
                sum = Double.isNaN(sum) ? v : sum + v;
            }
        }
        return sum;
    }

    /** The engine's {@code ascc_calls_active} gauge over HTTP, or -1 when the engine does not answer. */
    static long callsActive(int httpPort) {
        try {
            double v = metric(RealStack.get(httpPort, "/metrics", RealStack.config().engine().adminToken().reveal()).body(),
                    "ascc_calls_active");
            return Double.isNaN(v) ? -1 : (long) v;
        } catch (Exception e) {
            return -1;
        }
    }

    /** A metric of the engine on {@code httpPort} (live: {@code /health} is cached for 5 s), NaN when it does not answer. */
    static double metric(int httpPort, String name) {
        try {
            // at most one scrape per 50 ms: Await looks every millisecond, and the engine answers floods with 429
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            java.net.http.HttpResponse<String> r = RealStack.get(httpPort, "/metrics",
                    RealStack.config().engine().adminToken().reveal());
            return r.statusCode() == 200 ? metric(r.body(), name) : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** Whether the engine on {@code httpPort} is logged in to AMI now ({@code ascc_ami_connected} 1). */
    static boolean amiUp(int httpPort) {
        return metric(httpPort, "ascc_ami_connected") == 1.0;
    }

    /** Whether the engine on {@code httpPort} says it is not logged in to AMI ({@code ascc_ami_connected} 0; no answer is not "down"). */
    static boolean amiDown(int httpPort) {
        return metric(httpPort, "ascc_ami_connected") == 0.0;
    }

    /** The engine's AMI reconnect attempts so far ({@code ascc_ami_reconnects_total}), NaN when it does not answer. */
    static double amiReconnects(int httpPort) {
        return metric(httpPort, "ascc_ami_reconnects_total");
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String since(Instant from) {
        return seconds(Duration.between(from, Instant.now()));
    }
}
