package ascc.core.recordings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.time.Await;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 parallel downloads (whole and by range) of one large recording from a server running in its own JVM with a heap
 * far smaller than the file: they all succeed with the right bytes, the server's heap peak stays far below the file size,
 * and its file descriptors return to where they were. The unit-suite run is a few seconds; {@code ivr-core/bin/http-flood}
 * runs the long version (system properties {@code ascc.flood.mb}, {@code ascc.flood.full}, {@code ascc.flood.xmx}).
 */
class RecordingDownloadFloodTest {
    static final String TOKEN = "flood-admin-token-0123456789";
    static final String CALL = "1763768410.12";
    static final int PARALLEL = 50;
    static final int RANGE_BYTES = 4 << 20;
    static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void fiftyParallelDownloadsOfARecordingLargerThanTheHeapUseConstantMemory() throws Exception {
        long mb = Long.getLong("ascc.flood.mb", 128);
        int full = Integer.getInteger("ascc.flood.full", 3);
        String xmx = System.getProperty("ascc.flood.xmx", "48m");
        long size = mb << 20;
        Path file = tmp.resolve("rec/alpha/2025/11/22/" + CALL + ".wav");
        Files.createDirectories(file.getParent());
        byte[] head = new byte[1 << 20];
        new Random(11).nextBytes(head);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(head);
            f.setLength(size);   // sparse: the rest reads as zeros and takes no disk
            f.seek(size - head.length);
            f.write(head);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx" + xmx, "-XX:MaxDirectMemorySize=32m", "-cp", System.getProperty("java.class.path"),
                DownloadFloodServer.class.getName(), tmp.resolve("rec").toString(), TOKEN)
                .redirectError(tmp.resolve("server.log").toFile()).start();
        try {
            int port = port(server);
            Stats before = stats(port);
            long started = System.nanoTime();
            List<Future<Long>> downloads = new ArrayList<>();
            try (ExecutorService clients = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("flood-client-", 0).factory())) {
                for (int i = 0; i < PARALLEL; i++) {
                    boolean whole = i < full;
                    long offset = whole ? 0 : ((long) i * 7 << 20) % (size - RANGE_BYTES);
                    downloads.add(clients.submit(() -> download(port, file, size, whole, offset)));
                }
                long bytes = 0;
                for (Future<Long> d : downloads) {
                    bytes += d.get(10, TimeUnit.MINUTES);
                }
                long ms = (System.nanoTime() - started) / 1_000_000;
                Stats after = stats(port);
                String figures = String.format(Locale.ROOT, "%d downloads (%d whole) of a %d MB file, %d MB sent in %d ms; server -Xmx%s:"
                        + " heap peak %d MB (limit %d MB), fds %d before, %d after", PARALLEL, full, mb, bytes >> 20, ms, xmx,
                        after.heapPeak >> 20, after.heapMax >> 20, before.fds, after.fds);
                System.out.println("FLOOD " + figures);
                assertEquals(full * size + (long) (PARALLEL - full) * RANGE_BYTES, bytes, figures);
                // the file is larger than the whole heap: serving it whole even once would have failed with OutOfMemoryError
                assertTrue(after.heapPeak < size / 2 && after.heapMax < size, figures);
                assertTrue(after.fds <= before.fds + 5, figures);
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    record Stats(long heapPeak, long heapMax, long fds) {
    }

    static int port(Process server) throws Exception {
        AtomicReference<String> line = new AtomicReference<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().name("flood-server-stdout").start(() -> {
            try {
                line.set(out.readLine());
            } catch (IOException e) {
                line.set("failed: " + e);
            }
        });
        Await.until(() -> line.get() != null || !server.isAlive(), Duration.ofSeconds(30), () -> "the flood server's port");
        assertTrue(line.get() != null && line.get().startsWith("PORT "), "flood server said: " + line.get());
        return Integer.parseInt(line.get().substring(5).strip());
    }

    static Stats stats(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("GET /stats HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            Matcher m = NUMBER.matcher(r);
            long peak = -1;
            long max = -1;
            long fds = -1;
            while (m.find()) {
                long v = Long.parseLong(m.group(2));
                switch (m.group(1)) {
                    case "heapPeak" -> peak = v;
                    case "heapMax" -> max = v;
                    case "fds" -> fds = v;
                    default -> {
                        // heapUsed: not asserted
                    }
                }
            }
            assertTrue(peak >= 0 && max > 0 && fds > 0, r);
            return new Stats(peak, max, fds);
        }
    }

    /** One download: checks the status, length and (first and last MB, or the whole range) bytes; returns the body length. */
    static long download(int port, Path file, long size, boolean whole, long offset) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(120_000);
            String range = whole ? "" : "Range: bytes=" + offset + "-" + (offset + RANGE_BYTES - 1) + "\r\n";
            s.getOutputStream().write(("GET /api/recordings/alpha/" + CALL + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\n" + range + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = head(in);
            assertTrue(head.startsWith(whole ? "HTTP/1.1 200" : "HTTP/1.1 206"), head);
            long expected = whole ? size : RANGE_BYTES;
            assertTrue(head.toLowerCase(Locale.ROOT).contains("content-length: " + expected + "\r\n"), head);
            byte[] buf = new byte[64 * 1024];
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            long n = 0;
            int r;
            while ((r = in.read(buf)) >= 0) {
                if (n < (whole ? 1 << 20 : RANGE_BYTES)) {
                    first.write(buf, 0, r);
                }
                n += r;
            }
            byte[] firstBytes = first.toByteArray();
            int check = Math.min(firstBytes.length, whole ? 1 << 20 : RANGE_BYTES);
            byte[] want = new byte[check];
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                f.seek(offset);
                f.readFully(want);
            }
            byte[] got = new byte[check];
            System.arraycopy(firstBytes, 0, got, 0, check);
            assertArrayEquals(want, got, "bytes from " + offset);
            return n;
        }
    }

    static String head(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (b.size() >= 4 && b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
