package ascc.core.recordings;

import ascc.core.http.Handler;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.recordings.RecordingPaths;
import ascc.recordings.RecordingsConfig;
import ascc.routing.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * answer 400 before any file is touched. The file itself is found by {@link RecordingFiles} inside the company's subtree only.
 */
public final class RecordingAccessHandler implements Handler {
    public static final String PREFIX = "/api/recordings/";
    private static final Logger LOG = LoggerFactory.getLogger(RecordingAccessHandler.class);

    private final Secret adminToken;
    private final Supplier<RecordingsConfig> config;
    private final Function<RecordingsConfig, RecordingFiles> files;

    public RecordingAccessHandler(Secret adminToken, Supplier<RecordingsConfig> config) {
        this(adminToken, config, c -> new RecordingFiles(c.recordingsEngineDir()));
    }

    RecordingAccessHandler(Secret adminToken, Supplier<RecordingsConfig> config, Function<RecordingsConfig, RecordingFiles> files) {
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
        this.config = Objects.requireNonNull(config, "config");
        this.files = files;
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
        Optional<Path> file = files.apply(cfg).find(company, callId);
        if (file.isEmpty()) {
            return HttpResponseSpec.json(404, "{\"error\":\"no such recording\"}");
        }
        byte[] bytes = Files.readAllBytes(file.get());
        LOG.info("recordings: served {} ({} bytes) to {}", file.get(), bytes.length, describe(caller.get()));
        return new HttpResponseSpec(200, "audio/wav", bytes,
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
