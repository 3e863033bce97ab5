package ascc.core.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A copy of the IT config under {@code target/} with extra files, for an engine that needs more than it-conf. */
final class ConfCopy {
    private ConfCopy() {
    }

    /** Copies it-conf to {@code target/<name>} and writes {@code extra} (file name, then text, alternating) into it. */
    static Path of(String name, String... extra) throws IOException {
        Path conf = Files.createDirectories(Path.of("target", name));
        try (var files = Files.list(RealStack.IT_CONF)) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            Files.writeString(conf.resolve(extra[i]), extra[i + 1]);
        }
        return conf;
    }
}
