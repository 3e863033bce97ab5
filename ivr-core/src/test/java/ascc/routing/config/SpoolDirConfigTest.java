package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirConfigTest {
    @TempDir
    Path dir;

    @Test
    void spoolDirDefaultsToVarSpoolCalls() throws ConfigException {
        assertEquals("var/spool/calls", ConfigFixture.in(dir).load().engine().spoolDir());
    }

    @Test
    void spoolDirIsReadFromTheDatabaseSection() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE + "database:\n  spool-dir: /srv/ascc/spool\n")
                .load();
        assertEquals("/srv/ascc/spool", c.engine().spoolDir());
    }

    @Test
    void emptySpoolDirIsReportedWithFileAndLine() {
        ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE + "database:\n  spool-dir: \"\"\n").assertProblems(
                "engine.yaml:22: database.spool-dir: empty value (expected a directory for call records kept while the database is away,"
                        + " e.g. var/spool/calls)");
    }

    @Test
    void misspelledDatabaseKeyListsSpoolDir() {
        ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE + "database:\n  spool-dri: x\n").assertProblems(
                "engine.yaml:22: database.spool-dri: unknown key 'spool-dri' (allowed: url, username, password, embedded-path,"
                        + " spool-dir)");
    }
}
