package ascc.core.recordings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.http.HttpServer;
import ascc.core.metrics.Metrics;
import ascc.recordings.CompanyRecordings;
import ascc.recordings.RecordingPolicy;
import ascc.recordings.RecordingsConfig;
import ascc.routing.config.Secret;
import ascc.routing.config.TokenHash;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through the real Netty server and raw sockets, so the server's own percent-decoding is part of what is tested. */
class RecordingAccessHandlerTest {
    static final String ADMIN = "admin-token-0123456789";
    static final String ALPHA = "alpha-token-0123456789";
    static final String BETA = "beta-token-01234567890";
    static final byte[] ALPHA_WAV = "RIFF....WAVEalpha".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;
    HttpServer server;
    int port;

    @BeforeEach
    void start() throws Exception {
        Path rec = tmp.resolve("rec");
        Files.createDirectories(rec.resolve("alpha/2025/11/22"));
        Files.write(rec.resolve("alpha/2025/11/22/1763768410.12.wav"), ALPHA_WAV);
        Files.createDirectories(rec.resolve("beta/2025/11/22"));
        Files.write(rec.resolve("beta/2025/11/22/1763768499.7.wav"), new byte[] {9, 9});
        Files.writeString(tmp.resolve("secret.wav"), "outside");
        RecordingsConfig cfg = new RecordingsConfig(tmp, "/p", "en", Map.of(), RecordingsConfig.builtInDefaults(), rec, "/r", 60,
                Map.of("alpha", company("alpha", ALPHA), "beta", company("beta", BETA)));
        server = new HttpServer("127.0.0.1", 0, Secret.of(ADMIN), new Metrics(), Map::of);
        server.selfAuthorizedPrefixRoute("GET", RecordingAccessHandler.PREFIX, new RecordingAccessHandler(Secret.of(ADMIN), () -> cfg));
        port = server.start();
    }

    private static CompanyRecordings company(String id, String token) {
        return new CompanyRecordings(id, java.util.Optional.of(TokenHash.of(token)), 30, RecordingPolicy.NONE, Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Status and body of a raw GET: the request target is sent byte for byte as given. */
    private Object[] get(String target, String token) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            String head = new String(all, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            int bodyAt = head.indexOf("\r\n\r\n") + 4;
            return new Object[] {status, Arrays.copyOfRange(all, bodyAt, all.length)};
        }
    }

    private int status(String target, String token) throws Exception {
        return (int) get(target, token)[0];
    }

    @Test
    void companyTokenFetchesItsOwnRecording() throws Exception {
        Object[] r = get("/api/recordings/alpha/1763768410.12", ALPHA);
        assertEquals(200, r[0]);
        assertArrayEquals(ALPHA_WAV, (byte[]) r[1]);
    }

    @Test
    void adminTokenFetchesEveryCompanysRecording() throws Exception {
        assertEquals(200, status("/api/recordings/alpha/1763768410.12", ADMIN));
        assertEquals(200, status("/api/recordings/beta/1763768499.7", ADMIN));
    }

    @Test
    void companyATokenCannotFetchCompanyBsRecording() throws Exception {
        assertEquals(403, status("/api/recordings/beta/1763768499.7", ALPHA));
        assertEquals(403, status("/api/recordings/alpha/1763768410.12", BETA));
        // nor by asking under its own company for the other's call id
        assertEquals(404, status("/api/recordings/alpha/1763768499.7", ALPHA));
    }

    @Test
    void noOrWrongTokenIsUnauthorizedBeforeThePathIsLookedAt() throws Exception {
        assertEquals(401, status("/api/recordings/alpha/1763768410.12", null));
        assertEquals(401, status("/api/recordings/alpha/1763768410.12", "alpha-token-012345678X"));
        assertEquals(401, status("/api/recordings/../../secret", null));
    }

    @Test
    void traversalAbsoluteAndEncodedVariantsAreRefused() throws Exception {
        String[] crafted = {
            "/api/recordings/alpha/../../secret",
            "/api/recordings/alpha/..",
            "/api/recordings/../beta/1763768499.7",
            "/api/recordings/alpha/%2e%2e/%2e%2e/secret",
            "/api/recordings/alpha/%2E%2E",
            "/api/recordings/alpha/%252e%252e%252fsecret",
            "/api/recordings/alpha/..%2f..%2fsecret",
            "/api/recordings/alpha/%2e%2e%2f%2e%2e%2fsecret.wav",
            "/api/recordings//etc/passwd",
            "/api/recordings/alpha//etc/passwd",
            "/api/recordings/alpha/%2fetc%2fpasswd",
            "/api/recordings/alpha/..%5c..%5csecret",
            "/api/recordings/alpha/1763768410.12%00.txt",
            "/api/recordings/alpha/2025/11/22/1763768410.12",
            "/api/recordings/alpha/.hidden",
            "/api/recordings/ALPHA/1763768410.12",
        };
        for (String target : crafted) {
            int s = status(target, ADMIN);
            assertTrue(s == 400, target + " answered " + s);
        }
    }

    @Test
    void unknownRecordingIs404AndOtherMethodsAre405() throws Exception {
        assertEquals(404, status("/api/recordings/alpha/1.1", ALPHA));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("DELETE /api/recordings/alpha/1763768410.12 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + ADMIN + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 405"));
        }
    }

    @Test
    void aSymlinkPlantedInACompanyTreeIsNotServed() throws Exception {
        Path link = tmp.resolve("rec/alpha/2025/11/22/1763768666.1.wav");
        Files.createSymbolicLink(link, tmp.resolve("secret.wav"));
        assertEquals(404, status("/api/recordings/alpha/1763768666.1", ADMIN));
        // a day directory the lookup consults (the UTC day of the linkedid) linked into another company's tree
        Files.createSymbolicLink(tmp.resolve("rec/alpha/2025/11/21"), tmp.resolve("rec/beta/2025/11/22"));
        assertEquals(404, status("/api/recordings/alpha/1763768499.7", ALPHA));
    }
}
