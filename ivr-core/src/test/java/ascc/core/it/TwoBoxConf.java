package ascc.core.it;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The conf of the namespace ITs with two Asterisk boxes ({@link MultiBoxIT}, {@link NamespaceClusterIT}): it-conf copied
 * to {@code target/<name>-conf} with an engine.yaml whose boxes (a at 10.77.0.10, b at 10.77.0.11, {@code bin/netns}),
 * database, http, center, asterisk and capacity parts are the same for both, after the test's own {@code agi:} (and
 * {@code cluster:}) part, and the test's overflow.yaml. Box b has 2 trunk channels to box a's 20, so outbound calls
 * (callbacks' place holders) go to box a, the box the waiting callers are on.
 */
final class TwoBoxConf {
    private TwoBoxConf() {
    }

    /**
     * @param head the engine.yaml parts before {@code boxes:} (agi, cluster)
     * @param spoolDir engine.yaml {@code database.spool-dir}
     * @param httpBind engine.yaml {@code http.bind}
     * @param httpPort engine.yaml {@code http.port}
     */
    static Path write(String name, String head, String spoolDir, String httpBind, String httpPort, String overflowYaml)
            throws IOException {
        return ConfCopy.of(name + "-conf", "engine.yaml", engineYaml(name, head, spoolDir, httpBind, httpPort), "overflow.yaml",
                overflowYaml);
    }

    static String engineYaml(String name, String head, String spoolDir, String httpBind, String httpPort) {
        return head + """
                boxes:
                  - {id: a, ami-host: 10.77.0.10, ami-port: 5038, ami-username: ascc-it, ami-secret: box-a-ami-secret,
                     sip-address: 10.77.0.10, trunk-capacity: 20}
                  - {id: b, ami-host: 10.77.0.11, ami-port: 5038, ami-username: ascc-it, ami-secret: box-b-ami-secret,
                     sip-address: 10.77.0.11, trunk-capacity: 2}
                database:
                  url: "${ASCC_DB_URL:-}"
                  username: ${ASCC_DB_USER:-ascc}
                  password: ${ASCC_DB_PASSWORD:-ascc}
                  embedded-path: target/NAME-db/ascc
                  spool-dir: SPOOL
                http:
                  bind: BIND
                  port: PORT
                  admin-token: it-admin-token
                center:
                  timezone: Asia/Seoul
                  shared-numbers: ["0700000000"]
                  general-desk: general
                asterisk:
                  sip-bind: 10.77.0.10
                  sip-port: 5060
                  trunk-match: [10.77.0.1]
                capacity:
                  max-calls: 40
                """.replace("NAME", name).replace("SPOOL", spoolDir).replace("BIND", httpBind).replace("PORT", httpPort);
    }
}
