package ascc.core.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.ConfigHolder;
import ascc.core.config.Conf;
import ascc.core.config.ShippedConf;
import ascc.core.http.HttpRequestInfo;
import ascc.routing.config.Secret;
import ascc.routing.config.TokenHash;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reloaded recordings.yaml reaches the recordings route: a replaced company token stops working at once. */
class RecordingsReloadTest {
    private static final String OLD = "hanbit-old-token-0123456789";
    private static final String NEW = "hanbit-new-token-0123456789";

    @TempDir
    Path conf;
    @TempDir
    Path sandbox;

    private static int status(RecordingAccessHandler h, String token) throws Exception {
        return h.handle(new HttpRequestInfo("GET", RecordingAccessHandler.PREFIX + "hanbit/1763768410.12", Map.of(),
                Map.of("authorization", "Bearer " + token), new byte[0])).status();
    }

    @Test
    void aReloadedCompanyTokenRevokesTheOldOne() throws Exception {
        Map<String, String> env = ShippedConf.copy(conf, sandbox);
        env.put("ASCC_HANBIT_RECORDINGS_TOKEN_SHA256", TokenHash.of(OLD).hex());
        ConfigHolder holder = ConfigHolder.load(conf, env);
        RecordingsModule m = RecordingsModule.start(holder.part(Conf::recordings), new ManualClock(Instant.parse("2026-11-23T02:00:00Z")),
                holder, null);
        RecordingAccessHandler h = new RecordingAccessHandler(Secret.of("admin-token-0123456789"), m::config);
        assertEquals(404, status(h, OLD), "the old token is let in (no such recording)");
        assertEquals(401, status(h, NEW));

        Path file = conf.resolve("recordings.yaml");
        String text = Files.readString(file);
        assertTrue(text.contains("token-sha256: ${ASCC_HANBIT_RECORDINGS_TOKEN_SHA256:-}"), text);
        Files.writeString(file, text.replace("token-sha256: ${ASCC_HANBIT_RECORDINGS_TOKEN_SHA256:-}",
                "token-sha256: " + TokenHash.of(NEW).hex()));
        ConfigHolder.ReloadResult r = holder.reload();

        assertTrue(r.applied(), r.text());
        assertEquals(401, status(h, OLD), "the leaked token is revoked without a restart");
        assertEquals(404, status(h, NEW));
    }
}
