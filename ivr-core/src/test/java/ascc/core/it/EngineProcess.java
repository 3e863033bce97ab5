package ascc.core.it;

import ascc.testsupport.time.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An engine in its own JVM ({@code ivr run} with the IT config, this test's class path), so a test can kill it with
 * SIGKILL ({@code kill -9}) as a crash or the OOM killer would. Its output goes to a log file under {@code target/}.
 */
final class EngineProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int httpPort;

    private EngineProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts {@code ivr run} with the IT environment plus {@code env}; {@code httpPort} is where its /health answers. */
    static EngineProcess start(String name, Map<String, String> env, int httpPort) throws IOException {
        return start(name, RealStack.IT_CONF, env, httpPort);
    }

    /** As above with the config directory {@code conf}. */
    static EngineProcess start(String name, Path conf, Map<String, String> env, int httpPort) throws IOException {
        Path dir = Files.createDirectories(Path.of("target/engine-process"));
        Path log = Files.createTempFile(dir, name + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command(conf)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(RealStack.engineEnv(env));
        pb.environment().put("ASCC_HTTP_PORT", Integer.toString(httpPort));
        return new EngineProcess(pb.start(), log, httpPort);
    }

    /** The command line of {@code ivr run --conf conf} in a JVM of its own with this test's class path and timings. */
    static List<String> command(Path conf) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // C1 only: on the loaded 2-core test machine a JVM starts about twice as fast without the C2 compiler threads
        // (ivr check-config: 1.7 s instead of 2.9-5.0 s), and a restart after kill -9 is what these tests time
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(RealStack.jvmTuning());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "ascc.core.cli.Main", "run", "--conf",
                conf.toString()));
        return cmd;
    }

    int httpPort() {
        return httpPort;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the engine serves: its HTTP server answers {@code /metrics} (it starts last, after the database,
     * FastAGI and AMI) and it is logged in to AMI ({@code ascc_ami_connected}; {@code /health} is cached for 5 s).
     */
    void awaitUp(Duration deadline) {
        Await.until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("engine process died at start; log " + log);
            }
            return Fault.amiUp(httpPort);
        }, deadline, () -> "engine process serving on port " + httpPort + " (log " + log + ")");
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("engine process " + process.pid() + " still alive 20 s after SIGKILL");
        }
    }

    /** SIGTERM (the engine closes gracefully), SIGKILL after 30 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill9();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
