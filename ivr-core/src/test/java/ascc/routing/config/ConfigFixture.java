package ascc.routing.config;

import ascc.core.config.yaml.ConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small valid config directory written into a temp dir; tests replace single files to break it. */
public final class ConfigFixture {
    /** The AGI secret of {@link #ENGINE}. */
    public static final String AGI_SECRET = "fixture-agi-secret-0123";
    // agi in flow style over the same three lines as before, so the line numbers of every later key stay
    public static final String ENGINE = """
            agi: {secret: fixture-agi-secret-0123,
              bind: 127.0.0.1,
              port: 4573}
            ami:
              host: 127.0.0.1
              port: 5038
              username: ascc
              secret: ami-secret-1
            http:
              bind: 127.0.0.1
              port: 8480
              admin-token: admin-token-1
            center:
              timezone: Asia/Seoul
              shared-numbers: ["15880000"]
              general-desk: general
            asterisk:
              sip-bind: 127.0.0.1
              sip-port: 5060
              trunk-match: [127.0.0.1]
            """;
    public static final String COMPANIES = """
            companies:
              - id: hanbit
                name: Hanbit Electric
                code: "101"
                numbers: ["0215880001"]
                categories: [home-appliances, pcs]
              - id: sori
                name: Sori Audio
                code: "102"
                numbers: ["0215880002"]
                categories: [pcs]
            """;
    public static final String DESKS = """
            desks:
              - id: appliance
                name: Appliances
                categories: [home-appliances]
              - id: digital
                name: Digital
                categories: [pcs]
                wrap-up-seconds: 20
              - id: general
                name: General
            """;
    public static final String AGENTS = """
            agents:
              - id: "1001"
                name: Kim
                password: sip-pass-1001
                desks: {appliance: 5, general: 2}
              - id: "1002"
                name: Lee
                password: sip-pass-1002
                desks: {digital: 3}
            """;
    public static final String HOURS = """
            default:
              mon-fri: "09:00-18:00"
              sat: "09:00-13:00"
            """;
    public static final String HOLIDAYS = """
            holidays:
              - {date: 2026-09-25, name: Chuseok}
            """;

    private final Path dir;
    private final Map<String, String> env = new HashMap<>();

    private ConfigFixture(Path dir) {
        this.dir = dir;
        write("engine.yaml", ENGINE);
        write("companies.yaml", COMPANIES);
        write("desks.yaml", DESKS);
        write("agents.yaml", AGENTS);
        write("hours.yaml", HOURS);
        write("holidays.yaml", HOLIDAYS);
    }

    /** The valid fixture in {@code dir}. */
    public static ConfigFixture in(Path dir) {
        return new ConfigFixture(dir);
    }

    /** Replaces one file's text. */
    public ConfigFixture write(String file, String text) {
        try {
            Files.writeString(dir.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public ConfigFixture delete(String file) {
        try {
            Files.delete(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public ConfigFixture env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Path dir() {
        return dir;
    }

    public CenterConfig load() throws ConfigException {
        return ConfigLoader.load(dir, env);
    }

    /** Loads, expecting exactly these problems ({@code file:line: key: message}), in this order. */
    public void assertProblems(String... expected) {
        ConfigException e = assertThrows(ConfigException.class, this::load);
        assertEquals(List.of(expected), e.problems().stream().map(Problem::toString).toList());
    }
}
