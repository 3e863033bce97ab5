package ascc.core.cli;

import ascc.core.campaign.ResumableImport;
import ascc.core.campaign.TargetCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The two passes of a CSV file import on the command line, shared by {@code ivr campaign import} and {@code ivr cases import}:
 * {@link #check} reads the whole file once (size, SHA-256 to resume by, UTF-8 or CP949, every row checked by the schema;
 * a broken file is reported and nothing is written), {@link #stream} reads it again into a {@link ResumableImport} that
 * skips what an earlier run committed.
 */
final class CsvFileImport {
    private CsvFileImport() {
    }

    /** A checked file: what identifies it, how to decode it and what its rows held. */
    record Checked(Path file, String sha, Charset charset, TargetCsv.Scan scan) {
    }

    /**
     * Checks {@code file} whole; null after printing why it cannot be imported ({@code command}: "ivr campaign", ...).
     *
     * @param accepted sees each accepted row of the check (e.g. to count them)
     */
    static <T> Checked check(CliContext ctx, String command, Path file, TargetCsv.Limits limits,
            Supplier<? extends TargetCsv.Schema<T>> schema, Consumer<? super T> accepted) {
        String sha;
        Charset charset;
        TargetCsv.Scan scan;
        try {
            long bytes = Files.size(file);
            if (bytes > limits.maxFileChars() * 4) {
                ctx.err().printf("%s: %s has %,d bytes, over the limit of %,d characters; split it; nothing was imported%n", command,
                        file, bytes, limits.maxFileChars());
                return null;
            }
            sha = CampaignCommand.sha256(file);
            try (InputStream in = Files.newInputStream(file)) {
                charset = TargetCsv.charsetOf(in);
            }
            try (Reader r = TargetCsv.reader(Files.newInputStream(file), charset)) {
                scan = TargetCsv.scan(r, limits, schema.get(), accepted, n -> ctx.out().printf("  checked %,d rows%n", n));
            }
        } catch (NoSuchFileException e) {
            ctx.err().println(command + ": file not found: " + file.toAbsolutePath().normalize());
            return null;
        } catch (IOException e) {
            ctx.err().println(command + ": cannot read " + file + ": " + e);
            return null;
        }
        if (scan.isBroken()) {
            ctx.err().println(command + ": " + file + " is not importable: " + scan.broken().get() + "; nothing was imported");
            CampaignCommand.printRejected(ctx.err(), scan.rejected(), scan.rejectedCount());
            return null;
        }
        return new Checked(file, sha, charset, scan);
    }

    /**
     * Streams the checked file into {@code imp} (rows an earlier run committed are skipped by it) and finishes it.
     *
     * @param written told the count of rows handed over so far
     * @return the rows the file wrote in all runs
     * @throws SQLException the database failed; importing the same file again resumes
     * @throws IOException the file could not be read again
     */
    static <T> int stream(Checked c, TargetCsv.Limits limits, TargetCsv.Schema<T> schema, ResumableImport<T> imp, IntConsumer written)
            throws SQLException, IOException {
        SQLException[] failed = {null};
        int[] seen = {0};
        try (Reader r = TargetCsv.reader(Files.newInputStream(c.file()), c.charset())) {
            TargetCsv.scan(r, limits, schema, row -> {
                if (failed[0] != null) {
                    return;
                }
                try {
                    imp.add(row);
                } catch (SQLException e) {
                    failed[0] = e;
                }
                written.accept(++seen[0]);
            }, n -> { });
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return imp.finish();
    }
}
