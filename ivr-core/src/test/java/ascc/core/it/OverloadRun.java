package ascc.core.it;

import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One SIPp load run of {@code sipp/overload-call.xml} (a caller who hangs up in the menus after {@code holdMs}, or is
 * refused with 503) and what came of it: calls offered, answered (200 OK), refused (503), failed otherwise, and the
 * per-call response times SIPp wrote with {@code -trace_rtt} (INVITE to 200, INVITE to 503).
 */
record OverloadRun(String name, double rate, int offered, long answered, long refused, long failed, double[] answerMs,
                   double[] refuseMs, long firstAnswerEpochMs, long startedEpochMs, long endedEpochMs, SippResult sipp) {

    private static final String SCENARIO = Sipp.resource("sipp/overload-call.xml");

    static OverloadRun run(String name, String service, double rate, int calls, int holdMs, int localPort) {
        return run(name, service, rate, calls, holdMs, localPort, 5060);
    }

    /** As above, calling {@code remotePort} on 127.0.0.1 (Asterisk's SIP port, or the SIP admission front's). */
    static OverloadRun run(String name, String service, double rate, int calls, int holdMs, int localPort, int remotePort) {
        long started = System.currentTimeMillis();
        SippResult r = Sipp.builder()
            .scenarioXml("overload-call", SCENARIO.replace("HOLD_MS", Integer.toString(holdMs)))
            .remote("127.0.0.1", remotePort).service(service).rate(rate).calls(calls).localPort(localPort)
            .args("-trace_rtt", "-rtt_freq", "1", "-max_recv_loops", "10000", "-trace_counts")
            // SIPp's own timers end every call within 32 s of its last message (timer B / F); a call still open after
            // that is stuck in SIPp and is cut (its step shows in *_counts.csv) instead of holding the run for a minute
            .timeout(Duration.ofSeconds(35 + (long) (calls / Math.max(rate, 0.1)) + holdMs / 1000L * 2))
            .run();
        long ended = System.currentTimeMillis();
        List<double[]> rtts = rtts(r.workDir(), started);
        double[] answer = rtts.stream().filter(x -> x[2] == 1).mapToDouble(x -> x[1]).sorted().toArray();
        double[] refuse = rtts.stream().filter(x -> x[2] == 2).mapToDouble(x -> x[1]).sorted().toArray();
        long first = rtts.stream().filter(x -> x[2] == 1).mapToLong(x -> (long) x[0]).min().orElse(-1);
        return new OverloadRun(name, rate, calls, answer.length, refuse.length, Math.max(0, r.failedCalls()), answer, refuse,
            first, started, ended, r);
    }

    /** Rows of {@code *_rtt.csv}: {epoch ms (SIPp's start taken as {@code startedEpochMs}), response time ms, rtd number}. */
    private static List<double[]> rtts(Path dir, long startedEpochMs) {
        List<double[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                List<String> lines = Files.readAllLines(f);
                if (lines.isEmpty()) {
                    continue;
                }
                List<String> header = Arrays.asList(lines.get(0).split(";"));
                int date = header.indexOf("Date_ms");
                int time = header.indexOf("response_time_ms");
                int rtd = header.indexOf("rtd_no");
                for (String line : lines.subList(1, lines.size())) {
                    String[] c = line.split(";");
                    if (c.length <= Math.max(date, Math.max(time, rtd))) {
                        continue;
                    }
                    // SIPp 3.6.1 writes Date_ms as milliseconds since its own start
                    out.add(new double[] {startedEpochMs + Double.parseDouble(c[date]), Double.parseDouble(c[time]),
                        rtdNumber(c[rtd])});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SIPp's rtt files in " + dir, e);
        }
        return out;
    }

    private static double rtdNumber(String cell) {
        String digits = cell.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Double.parseDouble(digits);
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    double answerP50() {
        return percentile(answerMs, 50);
    }

    double answerP99() {
        return percentile(answerMs, 99);
    }

    double refuseP99() {
        return percentile(refuseMs, 99);
    }

    String line() {
        return String.format(Locale.ROOT,
            "%-10s rate %5.0f/s offered %5d answered %5d refused %5d failed %4d | answer p50 %7.1f p99 %7.1f ms | refuse p50 %6.1f"
                + " p99 %6.1f ms | %s", name, rate, offered, answered, refused, failed, answerP50(), answerP99(),
            percentile(refuseMs, 50), refuseP99(), sipp.workDir());
    }
}
