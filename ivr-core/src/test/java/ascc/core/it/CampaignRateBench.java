package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiMessage;
import ascc.core.campaign.CampaignStore;
import ascc.core.campaign.DialerStore;
import ascc.core.campaign.TargetCsv;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.asterisk.Channels;
import ascc.routing.config.Secret;
import ascc.testsupport.sipp.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test of the normal suite (its name matches neither {@code *Test} nor {@code *IT}): a survey campaign
 * configured at 5 calls per second (max 15 concurrent) dials for 2 minutes through the real sandbox Asterisk to a SIPp
 * UAS that answers every call and hangs up after {@value #HOLD_MS} ms. Measured: the dial rate (attempt rows'
 * {@code started_at} in MariaDB and INVITEs counted by SIPp), and concurrency sampled every 100 ms from the dialer's own
 * counters and every 500 ms from Asterisk ({@code CoreShowChannels}, channels {@code ascc-att-*}), plus SIPp's
 * {@code CurrentCall} per second. Run with {@code benchmarks/campaign-rate.sh} (under {@code flock /tmp/ascc-it.lock}).
 */
class CampaignRateBench {
    private static final String COMPANY = "alpha";
    private static final String CAMPAIGN = "bench-rate";
    private static final String KEY = COMPANY + "/" + CAMPAIGN;
    private static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "5"));
    private static final int CAP = Integer.getInteger("bench.cap", 15);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 120);
    /** With {@code -Dbench.capBound=true} the cap is set below rate x call time: only the cap is checked, not the rate. */
    private static final boolean CAP_BOUND = Boolean.getBoolean("bench.capBound");
    private static final int HOLD_MS = 2000;
    private static final int UAS_PORT = 5401;

    private static String campaignsYaml() {
        return """
                # CampaignRateBench: one survey campaign dialed as fast as its pacing allows
                trunk-channels: %2$d
                dial:
                  channel: "PJSIP/ascc-outbound/sip:{number}@127.0.0.1:%3$d"
                  ring-seconds: 10
                campaigns:
                  - company: alpha
                    id: bench-rate
                    kind: survey
                    questions:
                      - {id: q1, kind: scale1to5, prompt: beep}
                    schedule: "0/5 * * * * ?"
                    window:
                      days: [mon, tue, wed, thu, fri, sat, sun]
                      hours: "00:00-23:59"
                    pacing:
                      max-concurrent: %1$d
                      calls-per-second: %4$s
                    end-date: 2099-12-31
                """.formatted(CAP, CAP + 10, UAS_PORT, RATE);
    }

    /** SIPp customer: answers at once (PCMU), holds {@link #HOLD_MS}, hangs up itself. */
    private static String uasXml() {
        String ok = """
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]SIPpTag01[call_number]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Contact: <sip:customer@[local_ip]:[local_port];transport=[transport]>
                """;
        return "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n<scenario name=\"ascc bench customer\">\n"
                + "  <recv request=\"INVITE\" crlf=\"true\" rrs=\"true\">\n    <action>\n"
                + "      <ereg regexp=\".*\" search_in=\"hdr\" header=\"From:\" check_it=\"true\" assign_to=\"remote_from\"/>\n"
                + "      <ereg regexp=\".*\" search_in=\"hdr\" header=\"To:\" check_it=\"true\" assign_to=\"local_to\"/>\n"
                + "    </action>\n  </recv>\n"
                + "  <send retrans=\"500\">\n    <![CDATA[\n\n      SIP/2.0 200 OK\n" + ok
                + "      Content-Type: application/sdp\n      Content-Length: [len]\n\n"
                + "      v=0\n      o=customer 53655765 2353687637 IN IP[local_ip_type] [local_ip]\n      s=-\n"
                + "      c=IN IP[media_ip_type] [media_ip]\n      t=0 0\n      m=audio [media_port] RTP/AVP 0\n"
                + "      a=rtpmap:0 PCMU/8000\n      a=ptime:20\n\n    ]]>\n  </send>\n"
                + "  <recv request=\"ACK\" crlf=\"true\"/>\n"
                + "  <pause milliseconds=\"" + HOLD_MS + "\"/>\n"
                + "  <send retrans=\"500\">\n    <![CDATA[\n\n      BYE [next_url] SIP/2.0\n"
                + "      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n      [routes]\n"
                + "      From: [$local_to];tag=[pid]SIPpTag01[call_number]\n      To: [$remote_from]\n      Call-ID: [call_id]\n"
                + "      CSeq: 2 BYE\n      Contact: <sip:customer@[local_ip]:[local_port];transport=[transport]>\n"
                + "      Max-Forwards: 70\n      Content-Length: 0\n\n    ]]>\n  </send>\n"
                + "  <recv response=\"200\"/>\n</scenario>\n";
    }

    /** Concurrency seen by one source: the highest value and how many samples were taken. */
    private static final class Peak {
        final AtomicInteger max = new AtomicInteger();
        final AtomicInteger samples = new AtomicInteger();

        void see(int v) {
            max.accumulateAndGet(v, Math::max);
            samples.incrementAndGet();
        }
    }

    @Test
    void surveyCampaignDialsAtItsConfiguredRateAndNeverAboveItsCap() throws Exception {
        RealStack.ensureAsterisk();
        CampaignIT.cleanCampaign();
        int targets = (int) Math.ceil(RATE * SECONDS * 1.3) + 20;
        StringBuilder out = new StringBuilder();
        try (Database db = Database.open(DbSettings.mariaDb(RealStack.DB_URL, "ascc", Secret.of("ascc"), 2))) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                for (String t : List.of("survey_answer", "campaign_attempt", "campaign_target", "campaign_state")) {
                    s.executeUpdate("DELETE FROM " + t + " WHERE company_id = 'alpha' AND campaign_id = 'bench-rate'");
                }
            }
            List<TargetCsv.Target> list = new ArrayList<>();
            for (int i = 0; i < targets; i++) {
                list.add(new TargetCsv.Target(i + 2, String.format("0109%07d", i), "bench " + i, true,
                        Optional.of(LocalDate.of(2026, 1, 1))));
            }
            new CampaignStore(db.dataSource(), Clock.systemUTC(), "bench").importTargets(COMPANY, CAMPAIGN, list, n -> { });
            log(out, "bench: %d targets imported; campaign %s at %.1f calls/s, max-concurrent %d, trunk %d, for %d s; customer holds %d ms",
                    targets, KEY, RATE, CAP, CAP + 10, SECONDS, HOLD_MS);

            Path conf = ConfCopy.of("bench-rate-conf", "campaigns.yaml", campaignsYaml());
            Path sippDir = Files.createTempDirectory("bench-uas");
            Sipp.Running uas = Sipp.builder().scenarioXml("bench-customer", uasXml()).localPort(UAS_PORT).mediaPort(6401)
                    .args("-fd", "1", "-max_socket", "2000").timeout(Duration.ofSeconds(SECONDS + 120L)).workDir(sippDir).start();
            Peak dialerPeak = new Peak();
            Peak inFlightPeak = new Peak();
            Peak asteriskPeak = new Peak();
            try (uas; Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(),
                    "bench-node")); EngineView view = EngineView.of(engine)) {
                view.awaitAmiConnected();
                Thread.sleep(500);
                DialerStore states = new DialerStore(RealStack.dataSource()); // as `ivr campaign start|pause` does
                Thread sampler = new Thread(() -> sample(view, dialerPeak, inFlightPeak, asteriskPeak), "bench-sampler");
                sampler.setDaemon(true);
                sampler.start();
                states.setState(COMPANY, CAMPAIGN, DialerStore.RUNNING, Instant.now(), "bench");
                Instant first = awaitFirstDial(db, out);
                Instant stopAt = first.plusSeconds(SECONDS);
                while (Instant.now().isBefore(stopAt)) {
                    Thread.sleep(Math.min(10_000, Math.max(1, Duration.between(Instant.now(), stopAt).toMillis())));
                    long secs = Duration.between(first, Instant.now()).toSeconds();
                    int n = attempts(db, first, Instant.now());
                    log(out, "  %3d s: %4d dialed (%.2f/s), calls up %2d (max %d), Asterisk channels max %d, trunk slots in use max %d",
                            secs, n, n / Math.max(1.0, secs), campaignsLive(view)[0], dialerPeak.max.get(),
                            asteriskPeak.max.get(), inFlightPeak.max.get());
                }
                states.setState(COMPANY, CAMPAIGN, DialerStore.PAUSED, Instant.now(), "bench");
                Thread.sleep(HOLD_MS + 6_000L); // calls up end
                sampler.interrupt();
                int dialed = attempts(db, first, stopAt);
                long[] span = span(db, first, stopAt);
                double rate = dialed / (double) SECONDS;
                double spanRate = (dialed - 1) * 1000.0 / Math.max(1, span[1] - span[0]);
                int[] results = resultCounts(db, out);
                uas.close();
                int[] sippStats = sippStats(sippDir.resolve("stats.csv"));
                log(out, "summary: %d attempts started in the %d s window = %.3f calls/s (target %.1f, %+.2f%%); first to last dial %.3f"
                        + " calls/s", dialed, SECONDS, rate, RATE, (rate / RATE - 1) * 100, spanRate);
                log(out, "  max concurrent: dialer counter %d (%d samples / 100 ms), trunk slots in use (OutboundDialer) %d,"
                        + " Asterisk ascc-att channels %d (%d samples / 500 ms), SIPp CurrentCall %d (%d samples / s); cap %d",
                        dialerPeak.max.get(),
                        dialerPeak.samples.get(), inFlightPeak.max.get(), asteriskPeak.max.get(), asteriskPeak.samples.get(),
                        sippStats[1], sippStats[2], CAP);
                log(out, "  SIPp received %d INVITEs in total; attempt results: %d ended, %d open", sippStats[0], results[0], results[1]);
                boolean rateOk = Math.abs(rate / RATE - 1) <= 0.05;
                boolean capOk = dialerPeak.max.get() <= CAP && asteriskPeak.max.get() <= CAP && sippStats[1] <= CAP
                        && inFlightPeak.max.get() <= CAP;
                log(out, "result: rate within 5%%: %s; cap never exceeded: %s", CAP_BOUND ? "not checked (cap-bound run)"
                        : rateOk ? "MET" : "MISSED", capOk ? "MET" : "MISSED");
                Path summary = Path.of(System.getProperty("bench.out", "target/campaign-rate-summary.txt"));
                Files.createDirectories(summary.toAbsolutePath().getParent());
                Files.writeString(summary, out.toString());
                assertEquals(sippStats[0], results[0] + results[1], "every INVITE has one attempt row and vice versa");
                assertTrue(rateOk || CAP_BOUND, out::toString);
                assertTrue(capOk, out::toString);
            }
        }
    }

    /**
     * From {@code GET /api/campaigns}: the bench campaign's calls up (the runner's counter) and the trunk slots in use (held
     * by the outbound dialer from Originate until the call ends).
     */
    static int[] campaignsLive(EngineView view) {
        String body = view.get("/api/campaigns");
        java.util.regex.Matcher up = java.util.regex.Pattern.compile("\"id\":\"" + CAMPAIGN + "\"[^}]*?\"callsUp\":(\\d+)")
                .matcher(body);
        java.util.regex.Matcher inUse = java.util.regex.Pattern.compile("\"inUse\":(\\d+)").matcher(body);
        return new int[] {up.find() ? Integer.parseInt(up.group(1)) : 0, inUse.find() ? Integer.parseInt(inUse.group(1)) : 0};
    }

    private static void sample(EngineView view, Peak dialer, Peak inFlight, Peak asterisk) {
        long tick = 0;
        while (!Thread.currentThread().isInterrupted()) {
            int[] live = campaignsLive(view);
            dialer.see(live[0]);
            inFlight.see(live[1]);
            if (tick++ % 5 == 0) {
                try {
                    List<AmiMessage> chans = view.ami().sendForList(AmiAction.of("CoreShowChannels"), "CoreShowChannelsComplete")
                            .get(2, TimeUnit.SECONDS);
                    asterisk.see((int) chans.stream().map(m -> m.get("Uniqueid"))
                            .filter(id -> id != null && id.startsWith(Channels.ATTEMPT_ID_PREFIX)).count());
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    System.out.println("bench: CoreShowChannels failed: " + e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Instant awaitFirstDial(Database db, StringBuilder out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT MIN(started_at) FROM campaign_attempt WHERE company_id = 'alpha' AND campaign_id = 'bench-rate'");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getTimestamp(1) != null) {
                    Instant first = rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC);
                    log(out, "bench: first dial at %s; measuring %d s", first, SECONDS);
                    return first;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the campaign dialed nobody within 30 s of 'start'");
    }

    private static int attempts(Database db, Instant from, Instant to) throws Exception {
        long[] s = span(db, from, to);
        return (int) s[2];
    }

    /** First and last started_at (epoch ms) and the count of attempts started in [from, to). */
    private static long[] span(Database db, Instant from, Instant to) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT MIN(started_at), MAX(started_at), COUNT(*) FROM campaign_attempt WHERE company_id = 'alpha'"
                        + " AND campaign_id = 'bench-rate' AND started_at >= ? AND started_at < ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.valueOf(from.atOffset(ZoneOffset.UTC).toLocalDateTime()));
            ps.setTimestamp(2, java.sql.Timestamp.valueOf(to.atOffset(ZoneOffset.UTC).toLocalDateTime()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(3);
                if (n == 0) {
                    return new long[] {0, 0, 0};
                }
                return new long[] {rs.getTimestamp(1).toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli(),
                    rs.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli(), n};
            }
        }
    }

    /** Attempts with a result and without, all of the bench campaign; prints the results. */
    private static int[] resultCounts(Database db, StringBuilder out) throws Exception {
        int ended = 0;
        int open = 0;
        StringBuilder by = new StringBuilder();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT result, COUNT(*) FROM campaign_attempt WHERE company_id = 'alpha' AND campaign_id = 'bench-rate'"
                        + " GROUP BY result ORDER BY result");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String r = rs.getString(1);
                int n = rs.getInt(2);
                by.append(' ').append(r == null ? "open" : r).append('=').append(n);
                if (r == null) {
                    open += n;
                } else {
                    ended += n;
                }
            }
        }
        log(out, "  attempts by result:%s", by);
        return new int[] {ended, open};
    }

    /** From SIPp's stats.csv: total INVITEs received, max CurrentCall, number of rows. */
    private static int[] sippStats(Path csv) throws Exception {
        if (!Files.exists(csv)) {
            return new int[] {-1, -1, 0};
        }
        List<String> lines = Files.readAllLines(csv);
        String[] head = lines.get(0).split(";");
        int cur = -1;
        int total = -1;
        for (int i = 0; i < head.length; i++) {
            if (head[i].equals("CurrentCall")) {
                cur = i;
            } else if (head[i].equals("TotalCallCreated")) {
                total = i;
            }
        }
        int max = 0;
        int last = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(";");
            max = Math.max(max, Integer.parseInt(f[cur].trim()));
            last = Integer.parseInt(f[total].trim());
        }
        return new int[] {last, max, lines.size() - 1};
    }

    private static void log(StringBuilder out, String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        out.append(line).append('\n');
    }
}
