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
                   double[] refuseMs, long firstAnswerEpochMs, long startedEpochMs, long endedEpochMs, SippResult sipp,
                   long neverHungUp) {

    private static final String SCENARIO = Sipp.resource("sipp/overload-call.xml");
    private static final long SLACK_SECONDS = Long.getLong("ovl.sippSlackSeconds", 10);

    /**
     * Answered calls whose caller (SIPp) never sent its BYE, from SIPp's own counts ({@code -trace_counts}, last row): the
     * INVITE's 200s received minus the BYEs sent. Their channels are up because the caller is, not left behind by Asterisk
     * or the engine.
     */
    static long callersNeverHungUp(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_counts.csv")).toList()) {
                List<String> lines = Files.readAllLines(f);
                if (lines.size() < 2) {
                    continue;
                }
                List<String> header = Arrays.asList(lines.get(0).split(";"));
                String[] last = lines.get(lines.size() - 1).split(";");
                int ok = -1;
                int bye = -1;
                for (int i = 0; i < header.size(); i++) {
                    if (ok < 0 && header.get(i).endsWith("_200_Recv")) {
                        ok = i;
                    } else if (bye < 0 && header.get(i).endsWith("_BYE_Sent")) {
                        bye = i;
                    }
                }
                if (ok >= 0 && bye >= 0 && last.length > Math.max(ok, bye)) {
                    return Math.max(0, Long.parseLong(last[ok].trim()) - Long.parseLong(last[bye].trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("SIPp's counts in " + dir + " not read", e);
        }
        return 0;
    }

    static OverloadRun run(String name, String service, double rate, int calls, int holdMs, int localPort) {
        return run(name, service, rate, calls, holdMs, localPort, 5060);
    }

    /** As above, calling {@code remotePort} on 127.0.0.1 (Asterisk's SIP port, or the SIP admission front's). */
    static OverloadRun run(String name, String service, double rate, int calls, int holdMs, int localPort, int remotePort) {
        return run(name, service, rate, calls, holdMs, localPort, "127.0.0.1", remotePort, "127.0.0.1", 0);
    }

    /**
     * As above, calling {@code remoteHost:remotePort} from {@code localIp} (a box in a network namespace, from the bridge's
     * address), with its RTP port at {@code mediaPort} (0: SIPp's default; two SIPp running at once need their own).
     */
    static OverloadRun run(String name, String service, double rate, int calls, int holdMs, int localPort, String remoteHost,
                           int remotePort, String localIp, int mediaPort) {
        long started = System.currentTimeMillis();
        Sipp.Builder b = Sipp.builder();
        if (mediaPort > 0) {
            b.mediaPort(mediaPort);
        }
        SippResult r = b
            .scenarioXml("overload-call", SCENARIO.replace("HOLD_MS", Integer.toString(holdMs)))
            .remote(remoteHost, remotePort).localIp(localIp).service(service).rate(rate).calls(calls).localPort(localPort)
            .args("-trace_rtt", "-rtt_freq", "1", "-max_recv_loops", "10000", "-trace_counts")
            // SIPp's own timers end a call within 32 s of its last message (timer B / F), so the long runs give it 35 s
            // after the last call (ovl.sippSlackSeconds); the quick run gives 10 s: a call still open then is neither
            // answered nor refused, which fails the run anyway. A call SIPp keeps open after its 200 without ever sending
            // its BYE (seen at 1 in 6,000 under load) would otherwise hold the run to the end of the slack.
            .timeout(Duration.ofSeconds(SLACK_SECONDS + (long) (calls / Math.max(rate, 0.1)) + holdMs / 1000L * 2))
            .run();
        long ended = System.currentTimeMillis();
        List<double[]> rtts = rtts(r.workDir(), started);
        double[] answer = rtts.stream().filter(x -> x[2] == 1).mapToDouble(x -> x[1]).sorted().toArray();
        double[] refuse = rtts.stream().filter(x -> x[2] == 2).mapToDouble(x -> x[1]).sorted().toArray();
        long first = rtts.stream().filter(x -> x[2] == 1).mapToLong(x -> (long) x[0]).min().orElse(-1);
        // rtd 3: a final failure other than 503 (488 media, 408, 487, 500, ...): SIPp ACKs it and counts the call as
        // successful, so it is counted as failed here
        long otherFailures = rtts.stream().filter(x -> x[2] == 3).count();
        return new OverloadRun(name, rate, calls, answer.length, refuse.length, Math.max(0, r.failedCalls()) + otherFailures,
            answer, refuse,
            first, started, ended, r, callersNeverHungUp(r.workDir()));
    }

    /**
     * Runs offered side by side (one SIPp per box) as one: counts summed, answer and refuse times merged, the earliest
     * start and the latest end; the SIPp result is the first run's (its work directory is named in the line).
     */
    static OverloadRun together(String name, List<OverloadRun> runs) {
        OverloadRun first = runs.get(0);
        double[] answer = runs.stream().flatMapToDouble(x -> Arrays.stream(x.answerMs())).sorted().toArray();
        double[] refuse = runs.stream().flatMapToDouble(x -> Arrays.stream(x.refuseMs())).sorted().toArray();
        return new OverloadRun(name, runs.stream().mapToDouble(OverloadRun::rate).sum(), runs.stream().mapToInt(OverloadRun::offered).sum(),
            runs.stream().mapToLong(OverloadRun::answered).sum(), runs.stream().mapToLong(OverloadRun::refused).sum(),
            runs.stream().mapToLong(OverloadRun::failed).sum(), answer, refuse,
            runs.stream().mapToLong(OverloadRun::firstAnswerEpochMs).filter(t -> t >= 0).min().orElse(-1),
            runs.stream().mapToLong(OverloadRun::startedEpochMs).min().orElseThrow(),
            runs.stream().mapToLong(OverloadRun::endedEpochMs).max().orElseThrow(), first.sipp(),
            runs.stream().mapToLong(OverloadRun::neverHungUp).sum());
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
                + " p99 %6.1f ms | SIPp ran %.1f s%s | %s", name, rate, offered, answered, refused, failed, answerP50(), answerP99(),
            percentile(refuseMs, 50), refuseP99(), (endedEpochMs - startedEpochMs) / 1000.0,
            neverHungUp > 0 ? ", " + neverHungUp + " answered caller(s) never sent their BYE" : "", sipp.workDir());
    }
}
