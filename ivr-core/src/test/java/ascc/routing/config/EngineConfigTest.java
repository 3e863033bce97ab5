package ascc.routing.config;

import ascc.core.config.yaml.ConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConfigTest {
    @TempDir
    Path dir;

    private ConfigFixture engine(String text) {
        return ConfigFixture.in(dir).write("engine.yaml", text);
    }

    @Test
    void setVariableReplacesTheReference() throws ConfigException {
        CenterConfig c = engine(ConfigFixture.ENGINE.replace("port: 8480", "port: ${ASCC_HTTP_PORT}")
                .replace("secret: ami-secret-1", "secret: ${ASCC_AMI_SECRET}"))
                .env("ASCC_HTTP_PORT", "18480").env("ASCC_AMI_SECRET", "from-the-env").load();
        assertEquals(18480, c.engine().httpPort());
        assertEquals("from-the-env", c.engine().amiSecret().reveal());
    }

    @Test
    void unsetVariableWithDefaultTakesTheDefault() throws ConfigException {
        CenterConfig c = engine(ConfigFixture.ENGINE.replace("port: 8480", "port: ${ASCC_HTTP_PORT:-8481}")).load();
        assertEquals(8481, c.engine().httpPort());
    }

    @Test
    void emptyVariableWithDefaultTakesTheDefault() throws ConfigException {
        CenterConfig c = engine(ConfigFixture.ENGINE.replace("port: 8480", "port: ${ASCC_HTTP_PORT:-8481}"))
                .env("ASCC_HTTP_PORT", "").load();
        assertEquals(8481, c.engine().httpPort());
    }

    @Test
    void setVariableWinsOverTheDefault() throws ConfigException {
        CenterConfig c = engine(ConfigFixture.ENGINE.replace("port: 8480", "port: ${ASCC_HTTP_PORT:-8481}"))
                .env("ASCC_HTTP_PORT", "9000").load();
        assertEquals(9000, c.engine().httpPort());
    }

    @Test
    void unsetVariableWithoutDefaultIsAProblemNamingTheVariable() {
        engine(ConfigFixture.ENGINE.replace("port: 8480", "port: ${ASCC_HTTP_PORT}")).assertProblems(
                "engine.yaml:11: http.port: environment variable ASCC_HTTP_PORT is not set (set it, or give a default:"
                        + " ${ASCC_HTTP_PORT:-value})");
    }

    @Test
    void referenceInsideALongerValueIsReplaced() throws ConfigException {
        CenterConfig c = engine(ConfigFixture.ENGINE
                + "database:\n  url: jdbc:mariadb://${DB_HOST:-localhost}:3306/ascc\n  password: ${DB_PW}\n")
                .env("DB_PW", "db-secret").load();
        assertEquals("jdbc:mariadb://localhost:3306/ascc", c.engine().dbUrl());
        assertEquals("db-secret", c.engine().dbPassword().reveal());
    }

    @Test
    void variablesWorkInEveryFile() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir).write("agents.yaml", ConfigFixture.AGENTS.replace("sip-pass-1001", "${PHONE_1001_PW}"))
                .env("PHONE_1001_PW", "phone-secret-1").load();
        assertEquals("phone-secret-1", c.agents().get("1001").password().reveal());
    }

    @Test
    void unquotedReferenceInFlowStyleGetsAHint() {
        engine(ConfigFixture.ENGINE + "database: {password: ${DB_PW}}\n").assertProblems(
                "engine.yaml:21: (syntax): YAML syntax error at column 23: expected ',' or '}', but got { (while parsing a flow"
                        + " mapping); inside {...} or [...] write a reference in quotes: \"${NAME}\"");
    }

    @Test
    void quotedReferenceInFlowStyleWorks() throws ConfigException {
        CenterConfig c = engine(ConfigFixture.ENGINE + "database: {password: \"${DB_PW}\"}\n").env("DB_PW", "pw-from-env").load();
        assertEquals("pw-from-env", c.engine().dbPassword().reveal());
    }

    @Test
    void malformedReferenceIsAProblem() {
        engine(ConfigFixture.ENGINE.replace("username: ascc", "username: ${ASCC-USER")).assertProblems(
                "engine.yaml:7: ami.username: malformed environment reference in '${ASCC-USER' (write ${NAME} or"
                        + " ${NAME:-default}; NAME is letters, digits and '_')");
    }

    @Test
    void invalidValuesAreReportedWithWhatIsAllowed() {
        engine("""
                agi: {bind: 127.0.0.1, port: 0, url-host: "", secret: engine-test-agi-secret}
                ami: {host: "a b", port: 5038, username: "as cc", secret: short}
                http: {bind: 127.0.0.1, port: 8480, admin-token: "with space 1"}
                center:
                  timezone: Mars/Base
                  shared-numbers: ["1588-0000", "15880000", "15880000"]
                  general-desk: General
                asterisk: {sip-bind: 127.0.0.1, sip-port: 5060, trunk-match: []}
                database: {url: "mysql://u:pw@host/db"}
                """).assertProblems(
                "engine.yaml:1: agi.port: invalid port '0' (allowed: a whole number 1..65535)",
                "engine.yaml:1: agi.url-host: empty value (expected a host name or IP address, e.g. 127.0.0.1)",
                "engine.yaml:2: ami.host: invalid address 'a b' (allowed: a host name or IP address, e.g. 127.0.0.1)",
                "engine.yaml:2: ami.username: invalid user name 'as cc' (allowed: letters, digits, '_', '.' or '-')",
                "engine.yaml:2: ami.secret: secret is too short (allowed: at least 8 characters without spaces, ';' or '\"')",
                "engine.yaml:3: http.admin-token: admin token contains a space, ';' or '\"' (allowed: at least 8 characters"
                        + " without spaces, ';' or '\"')",
                "engine.yaml:5: center.timezone: unknown time zone 'Mars/Base' (allowed: a region id such as Asia/Seoul or UTC)",
                "engine.yaml:6: center.shared-numbers[0]: invalid number '1588-0000' (allowed: 3 to 20 digits, e.g. \"0215880001\")",
                "engine.yaml:6: center.shared-numbers[2]: duplicate shared number '15880000' (already at center.shared-numbers[1])",
                "engine.yaml:7: center.general-desk: invalid desk id 'General' (allowed: " + ConfigLoader.ID_ALLOWED + ")",
                "engine.yaml:8: asterisk.trunk-match: expected at least one address or network (allowed: addresses or networks,"
                        + " e.g. [127.0.0.1] or [192.0.2.0/24])",
                "engine.yaml:9: database.url: invalid JDBC URL (allowed: empty for the embedded database, or a URL starting"
                        + " with jdbc:, e.g. jdbc:mariadb://localhost:3306/ascc)");
    }

    @Test
    void problemsNeverEchoSecrets() {
        ConfigFixture f = engine(ConfigFixture.ENGINE.replace("secret: ami-secret-1", "secret: \"ami;secret\"")
                + "database: {url: \"mysql://u:topsecretpw@host/db\"}\n");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertFalse(e.getMessage().contains("ami;secret"), e.getMessage());
        assertFalse(e.getMessage().contains("topsecretpw"), e.getMessage());
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void missingSectionsAndKeysAreReported() {
        engine("""
                agi: {bind: 127.0.0.1, port: 4573, secret: engine-test-agi-secret}
                ami: {host: 127.0.0.1, port: 5038, username: ascc}
                http: {bind: 127.0.0.1, port: 8480, admin-token: admin-token-1, tls: on}
                center:
                  timezone: Asia/Seoul
                  shared-numbers: 15880000
                  general-desk: general
                """).assertProblems(
                "engine.yaml:1: asterisk: missing required key 'asterisk' "
                        + "(a mapping with keys: sip-bind, sip-port, trunk-match, config-dir, cdr-file)",
                "engine.yaml:2: ami.secret: missing required key 'secret' (at least 8 characters without spaces, ';' or '\"')",
                "engine.yaml:3: http.tls: unknown key 'tls' (allowed: bind, port, admin-token, max-connections,"
                                + " read-deadline-seconds, rate-limit-per-second, rate-limit-burst)",
                "engine.yaml:6: center.shared-numbers: expected a list of numbers (3 to 20 digits, e.g. \"0215880001\"),"
                        + " found a single value '15880000'");
    }

    @Test
    void generalDeskMustExistInDesks() {
        engine(ConfigFixture.ENGINE.replace("general-desk: general", "general-desk: reception")).assertProblems(
                "engine.yaml:16: center.general-desk: desk 'reception' does not exist in desks.yaml (desks: appliance, digital,"
                        + " general); the general desk takes calls nobody else can");
    }

    @Test
    void sharedNumbersMayBeEmpty() throws ConfigException {
        CenterConfig c = engine(ConfigFixture.ENGINE.replace("shared-numbers: [\"15880000\"]", "shared-numbers: []")).load();
        assertEquals(List.of(), c.engine().sharedNumbers());
    }
}
