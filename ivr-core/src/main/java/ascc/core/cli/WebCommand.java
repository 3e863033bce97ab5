package ascc.core.cli;

import ascc.core.password.PasswordHash;
import java.io.Console;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ivr web hash-password}: the bcrypt hash web.yaml keeps for a web login (never the password). */
@Command(name = "web", description = "web logins (web.yaml): 'ivr web hash-password' prints the bcrypt hash of a password")
final class WebCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    WebCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        throw CliErrors.needsSubcommand(spec);
    }

    @Command(name = "hash-password", description = {"print the bcrypt hash (cost 12) of a web password for web.yaml's password-hash",
        "The password is read from the terminal (asked twice, not echoed) or from an environment variable (--from-env),"
            + " never from the command line, where other users and the shell history see it. At least "
            + PasswordHash.MIN_LENGTH + " characters, at most " + PasswordHash.MAX_BYTES + " UTF-8 bytes."})
    int hashPassword(@Option(names = "--from-env", paramLabel = "NAME",
            description = "environment variable holding the password, e.g. ASCC_NEW_WEB_PASSWORD") String name) {
        String password;
        if (name != null) {
            password = ctx.env().get(name);
            if (password == null || password.isEmpty()) {
                ctx.err().println("ivr: environment variable " + name + " is not set or empty (nothing to hash)");
                return 1;
            }
        } else {
            Console console = System.console();
            if (console == null) {
                ctx.err().println("ivr: no terminal to ask for the password; use --from-env NAME");
                return 1;
            }
            char[] first = console.readPassword("web password: ");
            char[] again = console.readPassword("again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                ctx.err().println("ivr: the two passwords differ (nothing hashed)");
                return 1;
            }
            password = new String(first);
            Arrays.fill(first, ' ');
            Arrays.fill(again, ' ');
        }
        try {
            ctx.out().println("password-hash: " + PasswordHash.hash(password));
            return 0;
        } catch (IllegalArgumentException e) {
            ctx.err().println("ivr: " + e.getMessage());
            return 1;
        }
    }
}
