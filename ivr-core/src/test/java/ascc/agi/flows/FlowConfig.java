package ascc.agi.flows;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A small config for flow tests: shared number 15880000; hanbit (code 101, number 0215880001, two categories),
 * sori (code 102, number 0215880002, one category); open mon-fri 09-18, sat 09-13.
 */
final class FlowConfig {
    static final String SHARED = "15880000";
    static final String HANBIT = "0215880001";
    static final String SORI = "0215880002";

    private FlowConfig() {
    }

    static CenterConfig load(Path dir) {
        write(dir, "engine.yaml", """
                agi: {bind: 127.0.0.1, port: 4573, secret: flow-test-agi-secret-01}
                ami: {host: 127.0.0.1, port: 5038, username: ascc, secret: ami-secret-1}
                http: {bind: 127.0.0.1, port: 8480, admin-token: admin-token-1}
                center:
                  timezone: Asia/Seoul
                  shared-numbers: ["15880000"]
                  general-desk: general
                asterisk: {sip-bind: 127.0.0.1, sip-port: 5060, trunk-match: [127.0.0.1]}
                """);
        write(dir, "companies.yaml", """
                companies:
                  - {id: hanbit, name: Hanbit Electric, code: "101", numbers: ["0215880001"], categories: [home-appliances, pcs]}
                  - {id: sori, name: Sori Audio, code: "102", numbers: ["0215880002"], categories: [pcs]}
                """);
        write(dir, "desks.yaml", """
                desks:
                  - {id: appliance, name: Appliances, categories: [home-appliances]}
                  - {id: digital, name: Digital, categories: [pcs]}
                  - {id: general, name: General}
                """);
        write(dir, "agents.yaml", """
                agents:
                  - {id: "1001", name: Kim, password: sip-pass-1001, desks: {appliance: 5, general: 2}}
                """);
        write(dir, "hours.yaml", """
                default:
                  mon-fri: "09:00-18:00"
                  sat: "09:00-13:00"
                after-hours:
                  default: callback
                  companies:
                    sori: voicemail
                """);
        write(dir, "holidays.yaml", """
                holidays:
                  - {date: 2026-09-25, name: Chuseok}
                """);
        try {
            return ConfigLoader.load(dir, Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException("flow test config is invalid: " + e.getMessage(), e);
        }
    }

    /** The same center with {@code center.menu-timeout-ms: millis} in engine.yaml. */
    static CenterConfig withMenuTimeout(Path dir, int millis) {
        load(dir);
        try {
            Path engine = dir.resolve("engine.yaml");
            Files.writeString(engine, Files.readString(engine).replace("  general-desk: general\n",
                    "  general-desk: general\n  menu-timeout-ms: " + millis + "\n"));
            return ConfigLoader.load(dir, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("flow test config is invalid: " + e.getMessage(), e);
        }
    }

    private static void write(Path dir, String file, String text) {
        try {
            Files.writeString(dir.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
