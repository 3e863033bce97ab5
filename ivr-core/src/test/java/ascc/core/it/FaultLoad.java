package ascc.core.it;

import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import ascc.testsupport.time.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fault suite's steady inbound load: two SIPp customer streams to company beta's number (0700000002), one keys
 * kitchen-appliances/fault ({@code 21}, the appliance desk), the other software/fault ({@code 11}, the digital desk), each
 * a new call every {@code 1/rate} seconds that holds {@code hold} after its keys and hangs up. Four registered agent
 * phones (2101, 2102 appliance; 2201, 2202 digital) answer after 200 ms; callers beyond them wait in the queue and hang up
 * there. The load runs until {@link #stopPlacingCalls()} (SIPp's smooth exit: the calls up end as usual), so a fault's
 * length decides the load's; SIPp records each call's INVITE-to-200 time (the engine's first AGI reply is in it: the
 * inbound flow answers the call) in its {@code *_rtt.csv}.
 */
final class FaultLoad implements AutoCloseable {
    static final String NUMBER = "0700000002";
    /** Beta's menus: kitchen-appliances (appliance desk) or software (digital desk), then inquiry 1 (fault). */
    private static final List<String> DIGITS = List.of("21", "11");
    private static final List<String> AGENTS = List.of("2101", "2102", "2201", "2202");
    private static final int MAX_CALLS = 100_000;

    private final List<TestPhone> phones;
    private final List<Sipp.Running> streams;
    private final Instant started;
    private final double ratePerStream;
    private List<SippResult> results;

    private FaultLoad(List<TestPhone> phones, List<Sipp.Running> streams, Instant started, double ratePerStream) {
        this.phones = phones;
        this.streams = streams;
        this.started = started;
        this.ratePerStream = ratePerStream;
    }

    /** Registers the agents, waits until the queues show them free, starts both streams ({@code ratePerStream} calls/s each). */
    static FaultLoad start(String tag, double ratePerStream, Duration hold, int sipPortBase) throws Exception {
        List<TestPhone> phones = new ArrayList<>();
        try {
            for (String a : AGENTS) {
                TestPhone p = RealStack.phone(a);
                p.setAutoAnswer(Duration.ofMillis(200));
                phones.add(p);
            }
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
            FoundationIT.awaitMemberAvailable("desk-digital", "2201");
        } catch (Exception | AssertionError e) {
            phones.forEach(TestPhone::close);
            throw e;
        }
        long periodMs = Math.max(1, Math.round(1000 / ratePerStream));
        List<Sipp.Running> streams = new ArrayList<>();
        Instant started = Instant.now();
        for (int i = 0; i < DIGITS.size(); i++) {
            CustomerCall call = CustomerCall.of(DIGITS.get(i), Duration.ofMillis(1500), Duration.ofMillis(700), hold)
                    .withCaller(String.format(Locale.ROOT, "0105610%04d", i + 1));
            Path dir = Files.createTempDirectory("sipp-fault-" + tag + "-" + i + "-");
            streams.add(Sipp.builder().scenarioXml("fault-load", call.toXml()).remote("127.0.0.1", 5060).service(NUMBER)
                    .calls(MAX_CALLS).rate(1).ratePeriod(Duration.ofMillis(periodMs)).localPort(sipPortBase + i)
                    .mediaPort(sipPortBase + 1000 + 10 * i).workDir(dir).timeout(Duration.ofHours(2))
                    .args("-trace_rtt", "-rtt_freq", "1").start());
        }
        return new FaultLoad(phones, streams, started, ratePerStream);
    }

    Instant started() {
        return started;
    }

    /** "2 x 0.5 calls/s, 5 s hold" for the results table. */
    String describe(Duration hold) {
        return String.format(Locale.ROOT, "%d x %.2f calls/s, %d s hold", streams.size(), ratePerStream, hold.toSeconds());
    }

    /** Waits until SIPp has measured at least {@code n} INVITE-to-200 times since the start (the load is under way). */
    void awaitAnswered(int n, Duration deadline) {
        Await.until(() -> responseTimes().size() >= n, deadline, () -> n + " calls answered by Asterisk; so far "
                + responseTimes().size() + " (sipp dirs " + dirs() + ")");
    }

    /** Ends the load: no new calls, the calls up end as their scenario says; returns when SIPp has exited. */
    List<SippResult> stopPlacingCalls() {
        if (results == null) {
            streams.forEach(Sipp.Running::stopPlacingCalls);
            List<SippResult> out = new ArrayList<>();
            for (Sipp.Running s : streams) {
                out.add(s.await(Duration.ofMinutes(3)));
            }
            results = out;
        }
        return results;
    }

    long successful() {
        return stopPlacingCalls().stream().mapToLong(SippResult::successfulCalls).sum();
    }

    long failed() {
        return stopPlacingCalls().stream().mapToLong(SippResult::failedCalls).sum();
    }

    String describeResults() {
        return stopPlacingCalls().stream().map(SippResult::describe).toList().toString();
    }

    /** Calls the agents were offered through the dialplan's fallback queue (engine not answering the AGI). */
    long fallbackOffers() {
        return phones.stream().flatMap(p -> p.calls().stream()).filter(FaultLoad::viaFallback).count();
    }

    /** Calls the agents were offered in all. */
    long agentOffers() {
        return phones.stream().mapToLong(p -> p.calls().size()).sum();
    }

    private static boolean viaFallback(IncomingCall c) {
        return "1".equals(c.header("X-CC-Fallback").orElse(""));
    }

    /** Every INVITE-to-200 time so far: {epoch ms when measured, ms}. */
    List<double[]> responseTimes() {
        List<double[]> out = new ArrayList<>();
        for (Sipp.Running s : streams) {
            try (Stream<Path> files = Files.list(s.workDir())) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        String[] cols = line.split(";");
                        if (cols.length >= 2 && !cols[0].isBlank() && Character.isDigit(cols[0].trim().charAt(0))) {
                            double at = Double.parseDouble(cols[0].trim());
                            // SIPp's date is epoch ms in some builds, ms since its own start in others
                            out.add(new double[] {at < 1e12 ? started.toEpochMilli() + at : at, Double.parseDouble(cols[1].trim())});
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sipp's response times in " + s.workDir(), e);
            }
        }
        return out;
    }

    /** The 99th percentile of the INVITE-to-200 times measured in [from, to), in ms; NaN when none. */
    double p99(Instant from, Instant to) {
        double[] v = responseTimes().stream().filter(t -> t[0] >= from.toEpochMilli() && t[0] < to.toEpochMilli())
                .mapToDouble(t -> t[1]).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.99) - 1)];
    }

    /** How many INVITE-to-200 times fall in [from, to). */
    long answeredBetween(Instant from, Instant to) {
        return responseTimes().stream().filter(t -> t[0] >= from.toEpochMilli() && t[0] < to.toEpochMilli()).count();
    }

    static Set<String> numbers() {
        return Set.of(NUMBER);
    }

    private String dirs() {
        return Arrays.toString(streams.stream().map(Sipp.Running::workDir).toArray());
    }

    @Override
    public void close() {
        streams.forEach(Sipp.Running::close);
        phones.forEach(TestPhone::close);
    }
}
