package ascc.core.recordings;

import ascc.core.http.Handler;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.recordings.RecordingPaths;
import ascc.recordings.RecordingsConfig;
import ascc.routing.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/recordings/<company>/<call id>}: the recording as {@code audio/wav}.
 *
 * <p>Authorization (bearer token, checked before the path is even looked at): the admin token reaches every company,
 * a company's own token (recordings.yaml) only that company: another company's path answers 403. The path must be
 * exactly two segments matching the company id and call id patterns AFTER the server's percent-decoding: {@code ..},
 * {@code %2e%2e} (decoded to {@code ..}), double-encoded {@code %252e} (decoded to {@code %2e}: a '%' is never valid),
 * {@code %2f} (an extra segment), absolute paths ({@code //etc/passwd}: an empty segment), backslashes and NUL all
 * answer 400 before any file is touched. The file itself is found by {@link RecordingFiles} inside the company's subtree only,
 * by its id: the day directories the linkedid's time points at, then the day of the call record's {@code recording_path}
 * (one indexed query); no directory is walked. The file is streamed by the server ({@link HttpResponseSpec#file}), never
 * read into memory, and a {@code Range} request is answered with 206.
 */
public final class RecordingAccessHandler implements Handler {
    public static final String PREFIX = "/api/recordings/";
    private static final Logger LOG = LoggerFactory.getLogger(RecordingAccessHandler.class);

    private final Secret adminToken;
    private final Supplier<RecordingsConfig> config;
    private final Function<RecordingsConfig, RecordingFiles> files;
    private final StoredDay stored;

    /** Where the call record says a call's recording is: its day directory, from {@code call_record.recording_path}. */
    @FunctionalInterface
    public interface StoredDay {
        /** No call records to ask. */
        StoredDay NONE = (company, callId) -> Optional.empty();

        Optional<LocalDate> of(String company, String callId) throws SQLException;
    }

    /** Finds recordings by the day in their linkedid only. */
    public RecordingAccessHandler(Secret adminToken, Supplier<RecordingsConfig> config) {
        this(adminToken, config, StoredDay.NONE);
    }

    /** Finds recordings by the day in their linkedid, else by the day of the call record's recording path. */
    public RecordingAccessHandler(Secret adminToken, Supplier<RecordingsConfig> config, StoredDay stored) {
        this(adminToken, config, c -> new RecordingFiles(c.recordingsEngineDir()), stored);
    }

    RecordingAccessHandler(Secret adminToken, Supplier<RecordingsConfig> config, Function<RecordingsConfig, RecordingFiles> files,
            StoredDay stored) {
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
        this.config = Objects.requireNonNull(config, "config");
        this.files = files;
        this.stored = Objects.requireNonNull(stored, "stored");
    }

    /** Who is asking: every company (admin), one company, or nobody. */
    private record Caller(boolean admin, String company) {
        boolean mayRead(String c) {
            return admin || c.equals(company);
        }
    }

    @Override
    public HttpResponseSpec handle(HttpRequestInfo request) throws Exception {
        RecordingsConfig cfg = config.get();
        Optional<Caller> caller = caller(request, cfg);
        if (caller.isEmpty()) {
            return HttpResponseSpec.json(401, "{\"error\":\"unauthorized\"}").withHeader("WWW-Authenticate", "Bearer realm=\"ascc\"");
        }
        String path = request.path();
        String rest = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        String[] parts = rest.split("/", -1);
        if (parts.length != 2 || !RecordingPaths.validCompany(parts[0]) || !RecordingPaths.validCallId(parts[1])) {
            LOG.warn("recordings: refused crafted path {} (caller={})", printable(path), describe(caller.get()));
            return HttpResponseSpec.json(400, "{\"error\":\"invalid recording id (expected /api/recordings/<company>/<call id>)\"}");
        }
        String company = parts[0];
        String callId = parts[1];
        if (!caller.get().mayRead(company)) {
            LOG.warn("recordings: {} asked for company {}'s recording {}: forbidden", describe(caller.get()), company, callId);
            return HttpResponseSpec.json(403, "{\"error\":\"forbidden\"}");
        }
        RecordingFiles dir = files.apply(cfg);
        Optional<Path> file = dir.find(company, callId, RecordingFiles.daysOf(callId));
        if (file.isEmpty()) {
            Optional<LocalDate> day = stored.of(company, callId);
            if (day.isPresent()) {
                file = dir.find(company, callId, List.of(day.get()));
            }
        }
        if (file.isEmpty()) {
            return HttpResponseSpec.json(404, "{\"error\":\"no such recording\"}");
        }
        LOG.info("recordings: serving {} ({} bytes, range {}) to {}", file.get(), Files.size(file.get()),
                request.header("range").map(RecordingAccessHandler::printable).orElse("none"), describe(caller.get()));
        return HttpResponseSpec.file("audio/wav", file.get(),
                Map.of("Content-Disposition", "attachment; filename=\"" + company + "-" + callId + ".wav\""));
    }

    private Optional<Caller> caller(HttpRequestInfo request, RecordingsConfig cfg) {
        String auth = request.header("authorization").orElse("");
        if (auth.length() < 8 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = auth.substring(7).strip();
        if (!adminToken.isEmpty() && adminToken.matches(token)) {
            return Optional.of(new Caller(true, null));
        }
        return cfg.companyByToken(token).map(c -> new Caller(false, c));
    }

    private static String describe(Caller c) {
        return c.admin() ? "admin" : "company " + c.company() + "'s token";
    }

    /** The path for a log line: at most 120 characters, control characters shown as '?'. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 120; i++) {
            char ch = s.charAt(i);
            sb.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
        }
        return sb.toString();
    }
}
